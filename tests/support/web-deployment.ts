import type { ApiClient } from '../../infrastructure/http-client/api-client.js';
import { podsOf, readEventLog, type PodRow } from './event-log.js';
import { eventually } from './processes.js';

/** A Namespace and a two-replica Deployment `web` in it, as a manifest file for `apply -f`. */
export const webDeploymentManifest = (namespace: string) => `apiVersion: v1
kind: Namespace
metadata: {name: ${namespace}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${namespace}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: nginx:1.27, resources: {requests: {cpu: 100m, memory: 64Mi}}}
`;

/** Waits until exactly `count` pods of the namespace run and none of them is leaving, as the log tells it. */
export const runningPods = (api: ApiClient, namespace: string, count: number, timeoutMs = 60_000): Promise<PodRow[]> =>
  eventually(async () => podsOf(await readEventLog(api), namespace).filter((p) => p.phase === 'Running' && !p.leaving), (pods) => pods.length === count, timeoutMs, 300);
