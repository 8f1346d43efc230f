import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';
import { apiHarness, ADMIN_TOKEN } from './api-harness.js';
import { registration } from './node-fixtures.js';
import { base64, configMapManifest, secretManifest } from './service-api.js';
import { podMeta, podSpec } from './world.js';

/** The values kept in the fixture's Secrets and ConfigMaps: no response may show one to whoever may not read it. */
export const VALUES = {
  db: 'db-s3cret-value-4711',
  unrelated: 'unrelated-s3cret-0815',
  settings: 'settings-value-fast-42',
  other: 'other-configmap-value-77',
} as const;
export type Guarded = keyof typeof VALUES;

/** Which Secrets and ConfigMaps each node's pods use. */
export const USED_BY: Readonly<Record<string, readonly Guarded[]>> = { 'node-a': ['db', 'settings'], 'node-b': [] };

/**
 * A cluster with nodes node-a and node-b joined (each with its own credential), Secrets db and unrelated,
 * ConfigMaps settings and other, pod app on node-a using db and settings, pod b-app on node-b using neither,
 * a bootstrap token and a token of ServiceAccount robot; the authorization headers of each identity.
 */
export async function twoNodes() {
  const api = await apiHarness();
  const ok = async <R extends { statusCode: number; body: string }>(response: Promise<R>): Promise<R> => {
    const answered = await response;
    if (answered.statusCode >= 300) throw new Error(`fixture: ${answered.statusCode} ${answered.body}`);
    return answered;
  };
  await api.admin('CreateNamespace', { meta: { name: 'default', uid: 'uid-default', labels: {} } });
  const token = (await ok(api.request('POST', '/kes/v1/tokens', { ttlSeconds: 600 }))).json().token as string;
  const join = async (name: string) => {
    const joined = await ok(api.request('POST', '/kes/v1/join', { node: nodeManifest(registration(name)) }, { authorization: `Bearer ${token}` }));
    return `Bearer ${joined.json().credential as string}`;
  };
  const nodeA = await join('node-a');
  const nodeB = await join('node-b');
  await ok(api.request('POST', '/api/v1/namespaces/default/secrets', secretManifest('db', { data: { password: base64(VALUES.db) } })));
  await ok(api.request('POST', '/api/v1/namespaces/default/secrets', secretManifest('unrelated', { data: { key: base64(VALUES.unrelated) } })));
  await ok(api.request('POST', '/api/v1/namespaces/default/configmaps', configMapManifest('settings', { mode: VALUES.settings })));
  await ok(api.request('POST', '/api/v1/namespaces/default/configmaps', configMapManifest('other', { mode: VALUES.other })));
  const env = [
    { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
  ];
  const spec = podSpec(100, { nodeName: 'node-a' });
  await api.admin('CreatePod', { meta: podMeta('app'), spec: { ...spec, containers: [{ ...spec.containers[0], env }] } });
  await api.admin('CreatePod', { meta: podMeta('b-app'), spec: podSpec(100, { nodeName: 'node-b' }) });
  await ok(api.request('POST', '/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } }));
  const robot = (await ok(api.request('POST', '/api/v1/namespaces/default/serviceaccounts/robot/token', { spec: {} }))).json().status.token as string;
  const identities = {
    admin: `Bearer ${ADMIN_TOKEN}`,
    'node-a': nodeA,
    'node-b': nodeB,
    bootstrap: `Bearer ${token}`,
    robot: `Bearer ${robot}`,
    none: '',
    wrong: 'Bearer kesnode.node-a.not-its-secret',
  } as const;
  return { api, identities };
}
