import type { RouteEntry } from '../../adapters/http/authorization.js';
import type { Guarded } from './two-nodes.js';

/** A concrete request for a route of the API server's route table, against the two-nodes fixture (tests/support/two-nodes.ts). */
export type Case = Readonly<{ method: string; pattern: string; path: string; name: string; guarded?: Readonly<{ object: Guarded; single: boolean }> }>;

const GUARDED_KINDS: Readonly<Record<string, 'secrets' | 'configmaps'>> = { secrets: 'secrets', secret: 'secrets', configmaps: 'configmaps', configmap: 'configmaps', cm: 'configmaps' };
const OBJECTS: Readonly<Record<'secrets' | 'configmaps', readonly Guarded[]>> = { secrets: ['db', 'unrelated'], configmaps: ['settings', 'other'] };
const NAMESPACED_HISTORY = [['secrets', 'db'], ['secret', 'unrelated'], ['cm', 'settings'], ['configmaps', 'other'], ['pods', 'app'], ['deployments', 'x']];
const CLUSTER_HISTORY = [['nodes', 'node-a'], ['cluster', 'kes'], ['secrets', 'db'], ['cm', 'other']];


function caseOf(route: RouteEntry, params: Record<string, string>, object?: Guarded): Case {
  const path = route.url.replace(/:(\w+)/g, (_, param: string) => params[param]);
  const single = route.url.includes(':namespace') && /:name$/.test(route.url);
  return { method: route.method, pattern: route.url, path, name: params.name ?? '', ...(object ? { guarded: { object, single } } : {}) };
}

/** The concrete requests for one route: each object its parameters can name that matters to the policy. */
export function casesOf(route: RouteEntry): Case[] {
  if (route.url.includes(':resource')) {
    const targets = route.url.includes(':namespace') ? NAMESPACED_HISTORY : CLUSTER_HISTORY;
    return targets.map(([resource, name]) =>
      caseOf(route, { namespace: 'default', resource, name }, GUARDED_KINDS[resource] ? (name as Guarded) : undefined));
  }
  const segments = route.url.split('/');
  const kind = segments.find((s) => s === 'secrets' || s === 'configmaps') as 'secrets' | 'configmaps' | undefined;
  if (!route.url.includes(':name') && !route.url.includes(':id')) return [caseOf(route, { namespace: 'default' }, kind && OBJECTS[kind][0])];
  if (kind) return OBJECTS[kind].map((name) => caseOf(route, { namespace: 'default', name }, name));
  const name = segments.includes('nodes') || segments.includes('leases') ? 'node-a' : segments.includes('pods') ? 'app' : 'x';
  return [caseOf(route, { namespace: 'default', name, id: 'abcdef' })];
}

