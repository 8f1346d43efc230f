import type { ExecutionContext } from 'ava';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable, Writable } from 'node:stream';
import type { K8sEvent, K8sNode, Status, Table } from '../../adapters/http/k8s/k8s-types.js';
import { nodeTable } from '../../adapters/http/k8s/node-table.js';
import { podTable } from '../../adapters/http/k8s/objects/pod-table.js';
import { deploymentTable, namespaceTable, replicaSetTable } from '../../adapters/http/k8s/objects/workload-tables.js';
import { configMapTable, endpointsTable, secretTable, serviceTable } from '../../adapters/http/k8s/objects/config-tables.js';
import { runKesctl } from '../../adapters/cli/kesctl/program.js';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';

/** A throwaway Kubernetes-style API server for kesctl tests: objects by path, Tables when asked, every request recorded. */

export const NOW = new Date('2024-05-01T12:00:00Z');
export const TOKEN = 'secret-token';

export type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; uid?: string; [k: string]: unknown }; [k: string]: any };
export type Recorded = { method: string; url: string; path: string; accept?: string; contentType?: string; body?: any };
export type Answer = { code: number; body: unknown } | undefined;

const PLURALS: Record<string, string> = {
  Node: 'nodes', Pod: 'pods', Namespace: 'namespaces', Deployment: 'deployments', ReplicaSet: 'replicasets',
  Service: 'services', Endpoints: 'endpoints', ConfigMap: 'configmaps', Secret: 'secrets', Event: 'events',
};
const CLUSTER_SCOPED = new Set(['nodes', 'namespaces']);
const TABLES: Record<string, (items: any[], now: Date, rv: string) => Table> = {
  nodes: (items) => nodeTable(items as K8sNode[], NOW, '40'),
  pods: (items) => podTable(items, NOW, '40'),
  deployments: (items) => deploymentTable(items, NOW, '40'),
  replicasets: (items) => replicaSetTable(items, NOW, '40'),
  namespaces: (items) => namespaceTable(items, NOW, '40'),
  services: (items) => serviceTable(items, NOW, '40'),
  endpoints: (items) => endpointsTable(items, NOW, '40'),
  configmaps: (items) => configMapTable(items, NOW, '40'),
  secrets: (items) => secretTable(items, NOW, '40'),
};

export function pathOf(o: Obj): string {
  const root = o.apiVersion === 'v1' ? '/api/v1' : `/apis/${o.apiVersion}`;
  const plural = PLURALS[o.kind];
  return CLUSTER_SCOPED.has(plural) ? `${root}/${plural}/${o.metadata.name}` : `${root}/namespaces/${o.metadata.namespace}/${plural}/${o.metadata.name}`;
}

export function status(code: number, reason: string, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

const qualified = (root: string, resource: string) => (root.startsWith('/apis/') ? `${resource}.${root.split('/')[2]}` : resource);

/** `a.b=c`, `a!=c`, comma-separated, against dotted paths of the object. */
function matchesFields(o: any, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [, path, op, value] = /^([^!=]+)(!=|=)(.*)$/.exec(term)!;
    const actual = path.split('.').reduce((v, k) => v?.[k], o) ?? '';
    return (String(actual) === value) === (op === '=');
  });
}

function matchesLabels(o: Obj, selector: string | null): boolean {
  if (!selector) return true;
  const labels = (o.metadata.labels ?? {}) as Record<string, string>;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return labels[key] === value;
  });
}

function inCollection(path: string, collection: string): boolean {
  return path.startsWith(`${collection}/`) && !path.slice(collection.length + 1).includes('/');
}

function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export type FakeApiOptions = {
  /** Runs before the default handling of each request; an answer returned here is sent instead. */
  intercept?: (req: Recorded, api: FakeApi) => Answer;
  events?: K8sEvent[];
};

export type FakeApi = Awaited<ReturnType<typeof fakeApi>>;

export async function fakeApi(t: ExecutionContext, objects: Obj[], options: FakeApiOptions = {}) {
  const store = new Map(objects.map((o) => [pathOf(o), structuredClone(o)]));
  const requests: Recorded[] = [];
  let uid = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const url = new URL(req.url!, 'http://x');
    const recorded: Recorded = {
      method: req.method!, url: req.url!, path: url.pathname, accept: req.headers.accept, contentType: req.headers['content-type'],
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);
    const answer = options.intercept?.(recorded, api) ?? handle(req, recorded, url);
    send(res, answer);
  });
  function send(res: ServerResponse, { code, body }: { code: number; body: unknown }) {
    res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
  function handle(req: IncomingMessage, r: Recorded, url: URL): { code: number; body: unknown } {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return { code: 401, body: status(401, 'Unauthorized', 'Unauthorized') };
    const table = r.accept?.includes('as=Table') ?? false;
    const m = /^(\/api\/v1|\/apis\/[^/]+\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?(?:\/([a-z]+))?$/.exec(url.pathname);
    if (!m) return { code: 404, body: status(404, 'NotFound', 'the server could not find the requested resource') };
    const [, root, ns, resource, name, sub] = m;
    if (resource === 'events') {
      const items = (options.events ?? []).filter((e) => matchesFields(e, url.searchParams.get('fieldSelector')));
      return { code: 200, body: { kind: 'EventList', apiVersion: 'v1', metadata: {}, items } };
    }
    if (!TABLES[resource]) return { code: 404, body: status(404, 'NotFound', 'the server could not find the requested resource') };
    const collection = ns ? `${root}/namespaces/${ns}/${resource}` : `${root}/${resource}`;
    if (name === undefined && r.method === 'GET') {
      // Sorted by key, as etcd lists (namespace, then name).
      const items = [...store.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .filter(([path]) => inCollection(path, collection) || (!ns && path.startsWith(`${root}/namespaces/`) && path.split('/').at(-2) === resource))
        .map(([, o]) => o)
        .filter((o) => matchesLabels(o, url.searchParams.get('labelSelector')) && matchesFields(o, url.searchParams.get('fieldSelector')));
      const list = { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '40' }, items };
      return { code: 200, body: table && TABLES[resource] ? TABLES[resource](items, NOW, '40') : list };
    }
    if (name === undefined && r.method === 'POST') {
      const path = `${collection}/${r.body.metadata.name}`;
      if (store.has(path)) return { code: 409, body: status(409, 'AlreadyExists', `${qualified(root, resource)} "${r.body.metadata.name}" already exists`) };
      const created = { ...r.body, metadata: { ...r.body.metadata, uid: `uid-new-${++uid}`, resourceVersion: '41', creationTimestamp: NOW.toISOString() } };
      store.set(path, created);
      return { code: 201, body: created };
    }
    const path = `${collection}/${name}`;
    const found = store.get(path);
    if (!found) return { code: 404, body: status(404, 'NotFound', `${qualified(root, resource)} "${name}" not found`) };
    if (sub === 'scale' && r.method === 'PATCH') {
      found.spec.replicas = r.body.spec.replicas;
      return { code: 200, body: { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: found.metadata, spec: { replicas: found.spec.replicas } } };
    }
    if (r.method === 'GET') return { code: 200, body: table && TABLES[resource] ? TABLES[resource]([found], NOW, '40') : found };
    if (r.method === 'PATCH') {
      store.set(path, mergePatch(found, r.body));
      return { code: 200, body: store.get(path) };
    }
    if (r.method === 'DELETE') {
      store.delete(path);
      return { code: 200, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: resource }, code: 200 } };
    }
    return { code: 405, body: status(405, 'MethodNotAllowed', `${r.method} is not supported`) };
  }
  const port = await freeLoopbackPort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const api = {
    url: `http://127.0.0.1:${port}`,
    requests,
    store,
    /** The requests that change something, as `METHOD path`. */
    writes: () => requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`),
    kesctl: (...args: string[]) => kesctl(api.url, args),
    kesctlWithStdin: (stdin: string, ...args: string[]) => kesctl(api.url, args, stdin),
  };
  return api;
}

async function kesctl(url: string, args: string[], stdin?: string) {
  let stdout = '';
  let stderr = '';
  const slept: number[] = [];
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _encoding, done) => (append(String(chunk)), done()) });
  const code = await runKesctl(['--server', url, '--token', TOKEN, ...args], {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: { HOME: '/nonexistent' },
    stdin: Readable.from(stdin === undefined ? [] : [stdin]),
    now: () => NOW,
    sleep: async (ms) => void slept.push(ms),
  });
  return { code, stdout, stderr, slept };
}
