import { age } from '../duration.js';
import type { Table, TableColumnDefinition, TableRow } from '../k8s-types.js';
import type { K8sObjectMeta, K8sPod } from './workload-types.js';

/** The reason a pod carries when the node it ran on stopped answering (Kubernetes' NodeUnreachablePodReason). */
const NODE_LOST = 'NodeLost';

/** kubectl's pod columns (the API server's printers.go); priority-1 columns show only with `-o wide`. */
export const POD_COLUMNS: readonly TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' },
  { name: 'Ready', type: 'string', description: 'The aggregate readiness state of this pod for accepting traffic.' },
  { name: 'Status', type: 'string', description: 'The aggregate status of the containers in this pod.' },
  { name: 'Restarts', type: 'string', description: 'The number of times the containers in this pod have been restarted.' },
  { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
  { name: 'IP', type: 'string', priority: 1, description: 'IP address allocated to the pod. Routable at least within the cluster.' },
  { name: 'Node', type: 'string', priority: 1, description: 'Name of the Node the Pod is bound to.' },
  { name: 'Nominated Node', type: 'string', priority: 1, description: 'Name of the Node the Pod is nominated to.' },
  { name: 'Readiness Gates', type: 'string', priority: 1, description: 'The readiness gates of the pod.' },
];

export function tableOf(columns: readonly TableColumnDefinition[], rows: TableRow[], resourceVersion: string): Table {
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion }, columnDefinitions: columns.map((c) => ({ ...c })), rows };
}

export function rowOf(cells: TableRow['cells'], metadata: K8sObjectMeta): TableRow {
  return { cells, object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { ...metadata } } };
}

/** The meta.k8s.io/v1 Table kubectl prints for `get pods`. */
export function podTable(pods: readonly K8sPod[], now: Date, resourceVersion: string): Table {
  return tableOf(POD_COLUMNS, pods.map((pod) => podRow(pod, now)), resourceVersion);
}

function podRow(pod: K8sPod, now: Date): TableRow {
  const { ready, total, restarts, status } = podSummary(pod);
  return rowOf(
    [
      pod.metadata.name,
      `${ready}/${total}`,
      status,
      String(restarts),
      age(pod.metadata.creationTimestamp, now),
      pod.status.podIP || '<none>',
      pod.spec.nodeName || '<none>',
      pod.status.nominatedNodeName || '<none>',
      '<none>',
    ],
    pod.metadata,
  );
}

/**
 * READY, RESTARTS and STATUS as kubectl's printPod computes them: the phase (or the pod's reason); while init
 * containers have not all completed, `Init:N/M` or the first unfinished one's reason (`Init:Error`,
 * `Init:CrashLoopBackOff`); then the last container that is waiting or terminated (ContainerCreating,
 * CrashLoopBackOff, Completed, Error, ExitCode:N), back to Running while a container still runs, and Terminating
 * once deletion was asked.
 */
export function podSummary(pod: K8sPod): { ready: number; total: number; restarts: number; status: string } {
  const init = initSummary(pod);
  let status = init.status ?? (pod.status.reason || pod.status.phase);
  let ready = 0;
  let restarts = init.restarts;
  let hasRunning = false;
  if (init.status === undefined || isPodInitialized(pod)) {
    restarts = 0;
    const statuses = pod.status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const { state, restartCount } = statuses[i];
      restarts += restartCount;
      if (state.waiting?.reason) status = state.waiting.reason;
      else if (state.terminated?.reason) status = state.terminated.reason;
      else if (state.terminated) status = state.terminated.signal ? `Signal:${state.terminated.signal}` : `ExitCode:${state.terminated.exitCode}`;
      else if (statuses[i].ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
  }
  if (status === 'Completed' && hasRunning) status = isPodReady(pod) ? 'Running' : 'NotReady';
  const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && pod.status.reason === NODE_LOST) status = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) status = 'Terminating';
  return { ready, total: pod.spec.containers.length, restarts, status };
}

/** The init containers' part of printPod: the status while one has not completed, and their restarts. */
function initSummary(pod: K8sPod): { status?: string; restarts: number } {
  const statuses = pod.status.initContainerStatuses ?? [];
  const total = pod.spec.initContainers?.length ?? statuses.length;
  let restarts = 0;
  for (let i = 0; i < statuses.length; i++) {
    const { state, restartCount } = statuses[i];
    restarts += restartCount;
    if (state.terminated && state.terminated.exitCode === 0) continue;
    if (state.terminated) {
      const { reason, signal, exitCode } = state.terminated;
      return { status: reason ? `Init:${reason}` : signal ? `Init:Signal:${signal}` : `Init:ExitCode:${exitCode}`, restarts };
    }
    if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') return { status: `Init:${state.waiting.reason}`, restarts };
    return { status: `Init:${i}/${total}`, restarts };
  }
  return { restarts };
}

const isPodInitialized = (pod: K8sPod) => pod.status.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True') ?? false;
const isPodReady = (pod: K8sPod) => pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
