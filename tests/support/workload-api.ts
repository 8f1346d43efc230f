import { get } from 'node:http';
import { ADMIN_TOKEN, apiHarness } from './api-harness.js';

/** Manifests and helpers for the workload API tests (tests/integration/api-workloads*.test.ts). */

export const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
export const MERGE = { 'content-type': 'application/merge-patch+json' };
export const STRATEGIC = { 'content-type': 'application/strategic-merge-patch+json' };
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export type Api = Awaited<ReturnType<typeof apiHarness>>;

/** An API server (memory store, no reconcilers) with the given namespaces created through the API. */
export async function workloadApi(...namespaces: string[]): Promise<Api> {
  const api = await apiHarness();
  for (const name of namespaces) {
    const created = await api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    if (created.statusCode !== 201) throw new Error(`namespace ${name}: ${created.body}`);
  }
  return api;
}

export const container = (image = 'nginx:1.27', extra: object = {}) => ({
  name: 'web', image, ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '64Mi' } }, ...extra,
});

export function podManifest(name: string, extra: { namespace?: string; labels?: Record<string, string>; spec?: object } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(extra.namespace ? { namespace: extra.namespace } : {}), labels: extra.labels ?? { app: 'web' } },
    spec: { containers: [container()], ...extra.spec },
  };
}

export function deploymentManifest(name: string, replicas = 2, image = 'nginx:1.27') {
  const manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container(image)] } },
    },
  };
  return { ...manifest, metadata: { ...manifest.metadata, annotations: { [LAST_APPLIED]: `${JSON.stringify(manifest)}\n` } } };
}

export function replicaSetManifest(name: string, replicas = 1) {
  const { spec } = deploymentManifest(name, replicas);
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, labels: { app: name } }, spec };
}

export type WatchLine = { type: string; object: { kind: string; metadata: { name: string; namespace?: string; resourceVersion: string; deletionTimestamp?: string } } };

/**
 * Reads `count` watch lines from a streaming GET on a listening server, then closes the connection (with
 * node:http: an aborted fetch leaves its socket open, which holds up the server's close).
 */
export function watchLines(url: string, count: number, headers: Record<string, string> = {}): Promise<WatchLine[]> {
  return new Promise((resolve, reject) => {
    const lines: WatchLine[] = [];
    let buffered = '';
    const request = get(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers } }, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffered += chunk;
        const parts = buffered.split('\n');
        buffered = parts.pop()!;
        lines.push(...parts.filter(Boolean).map((p) => JSON.parse(p) as WatchLine));
        if (lines.length < count) return;
        request.destroy();
        resolve(lines.slice(0, count));
      });
    });
    request.on('error', (error) => (lines.length >= count ? undefined : reject(error)));
  });
}
