import type { FieldCause } from '../shared/errors.js';
import { dnsLabelProblem, labelsProblems, objectNameProblem } from '../shared/labels.js';
import type { ObjectMeta } from '../shared/object-meta.js';
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
    ...specProblems(spec),
  ];
}

export function specProblems(spec: PodSpec): FieldCause[] {
  const seen = new Set<string>();
  const containers = spec.containers.flatMap((container, i) => {
    const duplicate = seen.has(container.name) ? `duplicate container name "${container.name}"` : undefined;
    seen.add(container.name);
    return [...cause(`spec.containers[${i}].name`, duplicate), ...containerProblems(container, `spec.containers[${i}]`)];
  });
  return [
    ...cause('spec.containers', spec.containers.length === 0 ? 'at least one container is required' : undefined),
    ...containers,
    ...cause('spec.terminationGracePeriodSeconds', notNegative(spec.terminationGracePeriodSeconds)),
    ...cause('spec.nodeName', spec.nodeName === undefined ? undefined : objectNameProblem(spec.nodeName)),
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
