import type { FieldCause } from '../shared/errors.js';
import { annotationsProblems, dnsLabelProblem, labelsProblems, objectNameProblem } from '../shared/labels.js';
import type { ObjectMeta } from '../shared/object-meta.js';
import { jsonBytes, MAX_OBJECT_BYTES, MAX_OBJECT_SIZE_TEXT } from '../shared/object-size.js';
import type { ContainerStatus } from './pod.js';
import type { Container, ContainerPort, PodSpec } from './pod-spec.js';

const cause = (field: string, message: string | undefined): FieldCause[] => (message ? [{ field, message }] : []);

const portProblem = (port: number) =>
  Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : `must be between 1 and 65535, inclusive (got ${port})`;

const notNegative = (value: number) => (Number.isFinite(value) && value >= 0 ? undefined : `must be greater than or equal to 0 (got ${value})`);

/** Every problem with a pod as created, each naming its field the way Kubernetes does. */
export function podProblems(meta: Omit<ObjectMeta, 'creationTimestamp'>, spec: PodSpec): FieldCause[] {
  return [
    ...cause('metadata.name', objectNameProblem(meta.name)),
    ...cause('metadata.namespace', dnsLabelProblem(meta.namespace)),
    ...labelsProblems(meta.labels),
    ...annotationsProblems(meta.annotations),
    ...specProblems(spec, meta),
  ];
}

/** The least a kubelet reports of a container: waiting to be created. */
const creating = (container: Container): ContainerStatus => ({ name: container.name, ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } });

/**
 * A pod's object holds a status for each of its containers besides its spec: one whose smallest status would not
 * fit in an object could never be reported on, so it is refused when it is made (Kubernetes has no limit on the
 * number of containers; etcd refuses the status update later).
 */
function sizeProblem(spec: PodSpec, meta: Omit<ObjectMeta, 'creationTimestamp'> | undefined): string | undefined {
  const bytes = jsonBytes({ meta, spec, containerStatuses: spec.containers.map(creating) });
  if (bytes <= MAX_OBJECT_BYTES) return undefined;
  return `Too long: with a status for each of its ${spec.containers.length} containers the pod takes ${bytes} bytes, more than the ${MAX_OBJECT_SIZE_TEXT} an object may take: use fewer or smaller containers, or split them across pods`;
}

/** `meta` is the pod's own; a template's is left out. */
export function specProblems(spec: PodSpec, meta?: Omit<ObjectMeta, 'creationTimestamp'>): FieldCause[] {
  const seen = new Set<string>();
  const containers = spec.containers.flatMap((container, i) => {
    const duplicate = seen.has(container.name) ? `duplicate container name "${container.name}"` : undefined;
    seen.add(container.name);
    return [...cause(`spec.containers[${i}].name`, duplicate), ...containerProblems(container, `spec.containers[${i}]`)];
  });
  const initContainers = (spec.initContainers ?? []).flatMap((container, i) => {
    const duplicate = seen.has(container.name) ? `duplicate container name "${container.name}"` : undefined;
    seen.add(container.name);
    return [...cause(`spec.initContainers[${i}].name`, duplicate), ...containerProblems(container, `spec.initContainers[${i}]`)];
  });
  return [
    ...cause('spec.containers', spec.containers.length === 0 ? 'at least one container is required' : undefined),
    ...containers,
    ...initContainers,
    ...cause('spec.terminationGracePeriodSeconds', notNegative(spec.terminationGracePeriodSeconds)),
    ...cause('spec.nodeName', spec.nodeName === undefined ? undefined : objectNameProblem(spec.nodeName)),
    ...cause('spec.containers', sizeProblem(spec, meta)),
  ];
}

function containerProblems(container: Container, at: string): FieldCause[] {
  const { requests } = container.resources;
  return [
    ...cause(`${at}.name`, dnsLabelProblem(container.name)),
    ...cause(`${at}.image`, container.image ? undefined : 'image is required'),
    ...container.ports.flatMap((port, j) => portProblems(port, `${at}.ports[${j}]`)),
    ...cause(`${at}.resources.requests.cpu`, notNegative(requests.cpuMillis)),
    ...cause(`${at}.resources.requests.memory`, notNegative(requests.memoryBytes)),
  ];
}

function portProblems(port: ContainerPort, at: string): FieldCause[] {
  return [
    ...cause(`${at}.containerPort`, portProblem(port.containerPort)),
    ...cause(`${at}.hostPort`, port.hostPort === undefined || port.hostPort === 0 ? undefined : portProblem(port.hostPort)),
  ];
}
