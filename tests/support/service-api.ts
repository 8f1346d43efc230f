import { workloadApi, type Api } from './workload-api.js';

/** Manifests and an API server with its Service ranges configured, for the service tests (tests/integration/api-service*.test.ts). */

export type Ranges = Readonly<{ clusterIPs?: string; nodePorts?: string }>;

/** An API server (memory store, no reconcilers), ranges configured as `kesadm init` does, and the given namespaces. */
export async function serviceApi(ranges: Ranges, ...namespaces: string[]): Promise<Api> {
  const api = await workloadApi(...namespaces);
  await api.admin('ConfigureRange', { name: 'clusterips', range: ranges.clusterIPs ?? '10.96.0.0/12' });
  await api.admin('ConfigureRange', { name: 'nodeports', range: ranges.nodePorts ?? '30000-32767' });
  return api;
}

type Port = { name?: string; port: number; targetPort?: number | string; nodePort?: number; protocol?: string };

export function serviceManifest(name: string, extra: { type?: string; ports?: Port[]; clusterIP?: string; selector?: Record<string, string>; labels?: Record<string, string> } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: extra.labels ?? { app: name } },
    spec: {
      ...(extra.type ? { type: extra.type } : {}),
      selector: extra.selector ?? { app: name },
      ports: extra.ports ?? [{ port: 80, targetPort: 8080 }],
      ...(extra.clusterIP ? { clusterIP: extra.clusterIP } : {}),
    },
  };
}

export const configMapManifest = (name: string, data: Record<string, string>, extra: object = {}) =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data, ...extra });

export const secretManifest = (name: string, fields: { data?: Record<string, string>; stringData?: Record<string, string>; type?: string }) =>
  ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, ...fields });

export const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Who holds what in a range, as the read models show it: value → owner. */
export const holdings = (api: Api, range: 'clusterips' | 'nodeports') => ({ ...(api.models.allocations.get(range)?.state.owners ?? {}) });
