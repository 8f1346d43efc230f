import { performance } from 'node:perf_hooks';
import { commandHandler } from '../../application/commands/handle-command.js';
import type { EventStore, EventToAppend } from '../../application/ports/event-store.js';
import { parsePodManifest } from '../../application/manifests/parse-manifest.js';
import type { Command, RecordedEvent } from '../../domain/shared/event.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';
import { inParallel } from './load.js';
import { benchNodeName, registration } from './node-events.js';

export const HISTORY_NAMESPACE = 'bench';
const ADMIN = 'kubernetes-admin';
const ids = new UuidIds();
/** Stand-ins in the template pod's events, replaced in each copy. */
const NAME = 'template-pod-0000000';
const UID = '00000000-0000-7000-8000-000000000000';
const NODE = 'template-node-00000';
/** Pod lifecycles appended at once: enough for the store's group commit to write large transactions. */
const IN_FLIGHT = 256;
/** Milliseconds of cluster time between pods: a 1,000,000-event history spans about 11 hours. */
const POD_EVERY_MS = 200;

export type HistoryOptions = Readonly<{ nodes: number; livePods: number; adminTokenHash: string; start: Date }>;
export type BuiltHistory = Readonly<{ events: number; pods: number; seconds: number; startedAt: string; endedAt: string }>;

const meta = (at: string, actor = ADMIN): Command['metadata'] => ({ commandId: ids.newId(), actor, at });

/**
 * A cluster's history of about `total` events, written to `store` as the API server would record it: the cluster
 * initialized, `nodes` nodes registered, then pods made, scheduled, running and (`livePods` later) deleted, one
 * every POD_EVERY_MS of cluster time — so at any point about `livePods` pods run. Each pod's five events are a copy
 * of one pod's events decided by the real command handler (names, uids, ids and times changed), so the read models
 * fold them exactly as they fold a real cluster's.
 */
export async function buildHistory(store: EventStore, total: number, options: HistoryOptions): Promise<BuiltHistory> {
  const begin = performance.now();
  const handle = commandHandler(store, ids);
  const at = (offsetMs: number) => new Date(options.start.getTime() + offsetMs).toISOString();
  await handle({ type: 'InitializeCluster', data: { clusterName: 'kes', apiEndpoint: 'https://127.0.0.1:6443', adminTokenHash: options.adminTokenHash, kubernetesVersion: 'v1.32.0' }, metadata: meta(at(0)) } as Command);
  await handle({ type: 'CreateNamespace', data: { meta: { name: HISTORY_NAMESPACE, uid: ids.newId(), labels: {} } }, metadata: meta(at(0)) } as Command);
  for (let node = 0; node < options.nodes; node++)
    await handle({ type: 'RegisterNode', data: registration(benchNodeName(node)), metadata: meta(at(0), `system:node:${benchNodeName(node)}`) } as Command);
  const template = await podLifecycle(at(0));
  // Every pod but the last livePods is made and deleted: five events; those last ones three.
  const pods = Math.ceil((total - (await store.headPosition()) + 2 * options.livePods) / template.length);
  const created = new Map<number, Promise<unknown>>();
  await inParallel(pods, IN_FLIGHT, async (step) => {
    const offset = (step + 1) * POD_EVERY_MS;
    const making = appendCopy(store, template.slice(0, 3), step, benchNodeName(step % options.nodes), at(offset), -1);
    created.set(step, making);
    await making;
    const leaving = step - options.livePods;
    if (leaving < 0) return;
    await created.get(leaving);
    created.delete(leaving);
    await appendCopy(store, template.slice(3), leaving, benchNodeName(leaving % options.nodes), at(offset), 2);
  });
  const head = await store.headPosition();
  const [first] = await store.readAll(0, 1);
  const [last] = await store.readAll(head - 1, 1);
  return { events: head, pods, seconds: (performance.now() - begin) / 1000, startedAt: first!.metadata.at, endedAt: last!.metadata.at };
}

/** One pod's life as the command handler decides it: created, bound, reported Running, deleted gracefully, confirmed gone. */
async function podLifecycle(at: string): Promise<RecordedEvent[]> {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  const manifest = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: NAME, labels: { app: 'web', tier: 'frontend' } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
  };
  const parsed = parsePodManifest(manifest, { namespace: HISTORY_NAMESPACE, uid: UID });
  if (!parsed.ok) throw new Error(`the template pod is refused: ${JSON.stringify(parsed)}`);
  const key = { namespace: HISTORY_NAMESPACE, name: NAME };
  const conditions = ['Initialized', 'ContainersReady', 'Ready', 'PodScheduled'].map((type) => ({ type, status: 'True' }));
  const running = { ...key, nodeName: NODE, phase: 'Running', podIP: '10.244.0.2', conditions, containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: { startedAt: at } } }] };
  const commands: [string, object, string][] = [
    ['CreatePod', parsed.data, ADMIN],
    ['BindPod', { ...key, nodeName: NODE }, 'system:kes-scheduler'],
    ['ReportPodStatus', running, `system:node:${NODE}`],
    ['DeletePod', key, ADMIN],
    ['ConfirmPodDeleted', { ...key, nodeName: NODE }, `system:node:${NODE}`],
  ];
  for (const [type, data, actor] of commands) await handle({ type, data, metadata: meta(at, actor) } as Command);
  const events = await store.readAll(0, 100);
  if (events.map((e) => e.type).join() !== 'PodCreated,PodScheduled,PodStatusReported,PodDeletionRequested,PodDeleted')
    throw new Error(`the template pod's life is ${events.map((e) => e.type).join(', ')}`);
  return events;
}

/** A copy of template events for pod `index` on `node` at `at`, appended after `expected`. */
async function appendCopy(store: EventStore, template: readonly RecordedEvent[], index: number, node: string, at: string, expected: number): Promise<void> {
  const name = `web-${String(index).padStart(7, '0')}`;
  const uid = `${UID.slice(0, 24)}${String(index).padStart(12, '0')}`;
  const commandId = ids.newId();
  const events: EventToAppend[] = template.map((event) => {
    const copied = JSON.stringify(event.data).replaceAll(NAME, name).replaceAll(UID, uid).replaceAll(NODE, node).replaceAll(event.metadata.at, at);
    const metadata = { ...event.metadata, actor: event.metadata.actor.replace(NODE, node), commandId, correlationId: commandId, causationId: commandId, at };
    return { id: ids.newId(), type: event.type, data: JSON.parse(copied) as object, metadata };
  });
  const result = await store.append(`pod-${HISTORY_NAMESPACE}.${name}`, events, expected);
  if (!result.ok) throw new Error(`pod ${name}: append after revision ${expected} refused (${JSON.stringify(result)})`);
}
