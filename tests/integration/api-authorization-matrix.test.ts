import test from 'ava';
import { base64 } from '../support/service-api.js';
import { overLoopback, type RawResponse } from '../support/loopback-http.js';
import { casesOf, type Case } from '../support/route-cases.js';
import { twoNodes, USED_BY, VALUES, type Guarded } from '../support/two-nodes.js';

/*
 * Every route the API server registers (read from its route table, so a new route is covered at once) × every
 * identity × every spelling of its path, over real sockets: the answer must be the one this file's own
 * statement of the policy gives, however the path is spelled, and no response may carry the data of a Secret or
 * ConfigMap to whoever may not read it.
 */

type Who = 'admin' | 'node-a' | 'node-b' | 'bootstrap' | 'robot' | 'none' | 'wrong';
type Outcome = 'allowed' | 'denied' | 'unauthenticated';
const WHO: readonly Who[] = ['admin', 'node-a', 'node-b', 'bootstrap', 'robot', 'none', 'wrong'];
const PUBLIC = new Set(['/healthz', '/livez', '/readyz', '/version', '/kes/v1/cluster-ca']);
const READS = new Set(['GET', 'HEAD']);
/** What anyone authenticated may ask about themselves (Kubernetes' system:basic-user), a bootstrap token excepted. */
const SELF_REVIEWS = /^\/apis\/authorization\.k8s\.io\/v1\/selfsubject(access|rules)reviews$|^\/apis\/authentication\.k8s\.io\/v1\/selfsubjectreviews$/;

/** The documents that describe the API (Kubernetes' system:discovery): /api, /api/v1, /apis, /apis/G, /apis/G/V, /openapi/…. */
const DISCOVERY = /^\/api(\/v1)?$|^\/apis(\/[^/:]+){0,2}$|^\/openapi(\/|$)/;

/** Each character as %XX, the hex digits' case alternating. */
const encodeAll = (path: string) =>
  path.split('/').map((segment) => [...segment].map((c, i) => {
    const hex = c.charCodeAt(0).toString(16).padStart(2, '0');
    return `%${i % 2 === 0 ? hex.toUpperCase() : hex}`;
  }).join('')).join('/');

const SPELLINGS: Readonly<Record<string, (path: string) => string>> = {
  plain: (p) => p,
  'percent-encoded': encodeAll,
  'doubled slashes': (p) => p.replaceAll('/', '//'),
  'dot segments': (p) => p.split('/').join('/./'),
  'dot-dot segment': (p) => `/zz/..${p}`,
  'encoded dot-dot': (p) => `/zz/%2E%2e${p}`,
};

/** What a node may do, stated from the outside: read what its pods use and everything else but tokens and the audit; change only itself. */
function nodeMay(node: string, c: Case): Outcome {
  const reading = READS.has(c.method);
  if (c.guarded) return reading && c.guarded.single && USED_BY[node].includes(c.guarded.object) ? 'allowed' : 'denied';
  if (/\/(exec|attach|portforward)$/.test(c.pattern)) return 'denied';
  if (c.pattern.endsWith('/log')) return reading && c.name === 'app' && node === 'node-a' ? 'allowed' : 'denied';
  // Tokens, joins, the audit (who was refused what, from where) and the export (the whole log, unfiltered) are an admin's.
  if (c.pattern.startsWith('/kes/v1/tokens') || c.pattern === '/kes/v1/join' || c.pattern === '/kes/v1/audit' || c.pattern === '/kes/v1/export') return 'denied';
  if (reading) return 'allowed';
  if (c.method === 'POST' && SELF_REVIEWS.test(c.pattern)) return 'allowed';
  if (c.method === 'POST' && (c.pattern === '/kes/v1/commands' || c.pattern === '/api/v1/nodes')) return 'allowed';
  // Its own Node and that Node's status, as Kubernetes' NodeRestriction lets a kubelet.
  const itself = c.name === node && (c.pattern === '/api/v1/nodes/:name' || c.pattern === '/api/v1/nodes/:name/status' || c.pattern.endsWith('/leases/:name'));
  return itself ? 'allowed' : 'denied';
}

function expected(who: Who, c: Case): Outcome {
  if (PUBLIC.has(c.pattern) && READS.has(c.method)) return 'allowed';
  if (who === 'none' || who === 'wrong') return 'unauthenticated';
  if (who === 'admin') return 'allowed';
  // A ServiceAccount, until kes has RBAC: discovery and the self reviews, nothing else.
  if (who === 'robot') return (READS.has(c.method) && DISCOVERY.test(c.pattern)) || (c.method === 'POST' && SELF_REVIEWS.test(c.pattern)) ? 'allowed' : 'denied';
  if (who === 'bootstrap') return c.method === 'POST' && c.pattern === '/kes/v1/join' ? 'allowed' : 'denied';
  return nodeMay(who, c);
}

const outcomeOf = (status: number): Outcome => (status === 401 ? 'unauthenticated' : status === 403 ? 'denied' : 'allowed');

/** Writes that change nothing once authorized: stale preconditions, empty bodies. */
function bodyFor(method: string): { body?: unknown; headers: Record<string, string> } {
  if (method === 'DELETE') return { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'not-this-object' } }, headers: {} };
  if (method === 'PATCH') return { body: { metadata: { resourceVersion: '1' } }, headers: { 'content-type': 'application/merge-patch+json' } };
  if (method === 'PUT') return { body: { metadata: { resourceVersion: '1' } }, headers: {} };
  if (method === 'POST') return { body: {}, headers: {} };
  return { headers: {} };
}

/** The values `who` may not see in this answer: those of objects it may not read; all of them in a refusal. */
function hiddenFrom(who: Who, outcome: Outcome): string[] {
  const names = Object.keys(VALUES) as Guarded[];
  const hidden = outcome !== 'allowed' || !(who in USED_BY) ? (who === 'admin' && outcome === 'allowed' ? [] : names) : names.filter((n) => !USED_BY[who].includes(n));
  return hidden.flatMap((name) => [VALUES[name], base64(VALUES[name])]);
}

test('every route × identity × spelling of its path: the policy\'s answer, and no Secret or ConfigMap data to whoever may not read it', async (t) => {
  const reads = await twoNodes();
  t.teardown(reads.api.close);
  const routes = reads.api.app.routeTable;
  t.true(routes.length > 80, `the route table lists the server's routes (${routes.length})`);
  t.deepEqual(routes.filter((r) => r.spec === undefined).map((r) => `${r.method} ${r.url}`), [], 'every route has authorization attributes');

  const readsOverLoopback = await overLoopback(reads.api.app, 4);
  t.teardown(readsOverLoopback.close);
  const mismatches: string[] = [];
  const leaks: string[] = [];
  let requests = 0;
  for (const route of routes) {
    // A write may change what later requests see: each write route gets a cluster of its own.
    const fixture = READS.has(route.method) ? reads : await twoNodes();
    const http = fixture === reads ? readsOverLoopback : await overLoopback(fixture.api.app, 4);
    try {
      for (const c of casesOf(route))
        for (const who of WHO) {
          const want = expected(who, c);
          const { body, headers } = bodyFor(c.method);
          const authorization: Record<string, string> = fixture.identities[who] ? { authorization: fixture.identities[who] } : {};
          for (const [spelling, spell] of Object.entries(SPELLINGS)) {
            const response: RawResponse = await http.send(c.method, spell(c.path), { ...headers, ...authorization }, body);
            requests++;
            const got = outcomeOf(response.status);
            if (got !== want) mismatches.push(`${who} ${c.method} ${spell(c.path)} (${spelling}): ${response.status}, expected ${want}: ${response.body.slice(0, 160)}`);
            const leaked = hiddenFrom(who, got).filter((value) => response.body.includes(value));
            if (leaked.length > 0) leaks.push(`${who} ${c.method} ${spell(c.path)}: ${response.status} carries ${leaked.join(', ')}`);
          }
        }
    } finally {
      if (fixture !== reads) {
        http.close();
        await fixture.api.close();
      }
    }
  }
  t.log(`${routes.length} routes, ${requests} requests`);
  t.deepEqual(mismatches, []);
  t.deepEqual(leaks, []);
});
