import { podSpecSchemas } from './pod-schemas.js';
import { atomicList, bool, CORE, int32, keyedList, kind, META, object, ref, text, time, type Schemas } from './schema.js';

/*
 * core/v1 as kes knows it: the fields a manifest may carry (application/manifests/manifest-fields.ts) and
 * those kes fills in. Lists carry Kubernetes' patch merge keys, so `kubectl apply` merges containers by name.
 */

/** Every type of a PodSpec, generated from the table strict decoding reads (pod-schemas.ts), and the pod template. */
const POD_SPEC: Schemas = {
  ...podSpecSchemas(),
  [`${CORE}.PodTemplateSpec`]: object('PodTemplateSpec describes the data a pod should have when created from a template.', {
    metadata: ref(`${META}.ObjectMeta`, "Standard object's metadata."),
    spec: ref(`${CORE}.PodSpec`, 'Specification of the desired behavior of the pod.'),
  }),
};

const POD_STATUS: Schemas = {
  [`${CORE}.PodStatus`]: object('PodStatus represents information about the status of a pod.', {
    conditions: keyedList(ref(`${CORE}.PodCondition`), 'type', 'Current service state of pod.'),
    containerStatuses: atomicList(ref(`${CORE}.ContainerStatus`)),
    initContainerStatuses: atomicList(ref(`${CORE}.ContainerStatus`), "The init containers' statuses, in their order."),
    hostIP: text(),
    hostIPs: atomicList(ref(`${CORE}.HostIP`)),
    message: text(),
    phase: text('Pending, Running, Succeeded, Failed or Unknown.'),
    podIP: text(),
    podIPs: keyedList(ref(`${CORE}.PodIP`), 'ip'),
    reason: text(),
  }),
  [`${CORE}.PodCondition`]: object('PodCondition contains details for the current condition of this pod.', {
    lastProbeTime: time(),
    lastTransitionTime: time(),
    message: text(),
    reason: text(),
    status: text(),
    type: text(),
  }, ['type', 'status']),
  [`${CORE}.ContainerStatus`]: object('ContainerStatus contains details for the current status of this container.', {
    image: text(),
    name: text(),
    ready: bool(),
    restartCount: int32(),
    started: bool(),
    state: ref(`${CORE}.ContainerState`),
    lastState: ref(`${CORE}.ContainerState`, "Details about the container's last termination condition."),
  }),
  [`${CORE}.ContainerState`]: object('ContainerState holds a possible state of container.', {
    running: ref(`${CORE}.ContainerStateRunning`),
    terminated: ref(`${CORE}.ContainerStateTerminated`),
    waiting: ref(`${CORE}.ContainerStateWaiting`),
  }),
  [`${CORE}.ContainerStateRunning`]: object('A running container.', { startedAt: time() }),
  [`${CORE}.ContainerStateTerminated`]: object('A terminated container.', {
    exitCode: int32(),
    finishedAt: time(),
    message: text(),
    reason: text(),
    signal: int32(),
    startedAt: time(),
  }),
  [`${CORE}.ContainerStateWaiting`]: object('A waiting container.', { message: text(), reason: text() }),
  [`${CORE}.HostIP`]: object('HostIP represents a single IP address allocated to the host.', { ip: text() }),
  [`${CORE}.PodIP`]: object('PodIP represents a single IP address allocated to the pod.', { ip: text() }),
};

export const CORE_SCHEMAS: Schemas = {
  [`${CORE}.Pod`]: kind({ group: '', version: 'v1', kind: 'Pod' }, 'Pod is a collection of containers that can run on a host.', {
    spec: ref(`${CORE}.PodSpec`, 'Specification of the desired behavior of the pod.'),
    status: ref(`${CORE}.PodStatus`, 'Most recently observed status of the pod.'),
  }),
  ...POD_SPEC,
  ...POD_STATUS,
  [`${CORE}.Namespace`]: kind({ group: '', version: 'v1', kind: 'Namespace' }, 'Namespace provides a scope for Names.', {
    spec: ref(`${CORE}.NamespaceSpec`, 'Spec defines the behavior of the Namespace.'),
    status: ref(`${CORE}.NamespaceStatus`, 'Status describes the current status of a Namespace.'),
  }),
  [`${CORE}.NamespaceSpec`]: object('NamespaceSpec describes the attributes on a Namespace.', {
    finalizers: atomicList(text(), 'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.'),
  }),
  [`${CORE}.NamespaceStatus`]: object('NamespaceStatus is information about the current status of a Namespace.', {
    phase: text('Phase is the current lifecycle phase of the namespace: Active or Terminating.'),
  }),
};
