import type { Labels } from '../shared/labels.js';
import type { Protocol, ServicePort, ServiceSpec } from '../service/service.js';
import { canonicalSubsets, type EndpointAddress, type EndpointPort, type EndpointSubset } from './endpoints.js';

/** `hostPort`: where the port is reachable when the pod shares its node's network (the `process` runtime). */
export type EndpointPodPort = Readonly<{ name?: string; containerPort: number; hostPort?: number; protocol: Protocol }>;

/** What the endpoints controller knows of a pod in the service's namespace. */
export type EndpointPod = Readonly<{
  name: string;
  uid: string;
  labels: Labels;
  podIP?: string;
  nodeName?: string;
  ready: boolean;
  terminating: boolean;
  containerPorts: readonly EndpointPodPort[];
}>;

/**
 * The subsets a service's Endpoints should hold, given the pods of its namespace. `undefined` for a service
 * without a selector: Kubernetes leaves those endpoints to whoever set them, and so must the controller.
 */
export function endpointsFor(service: { readonly spec: Pick<ServiceSpec, 'selector' | 'ports'> }, pods: readonly EndpointPod[]): EndpointSubset[] | undefined {
  const { selector, ports } = service.spec;
  if (Object.keys(selector).length === 0) return undefined;
  const subsets = pods
    .filter((pod) => selects(selector, pod.labels) && pod.podIP !== undefined && !pod.terminating)
    .flatMap((pod) => subsetFor(pod, ports));
  return canonicalSubsets(subsets);
}

const selects = (selector: Labels, labels: Labels) => Object.entries(selector).every(([k, v]) => labels[k] === v);

function subsetFor(pod: EndpointPod, servicePorts: readonly ServicePort[]): EndpointSubset[] {
  const ports = servicePorts.flatMap((sp) => endpointPort(sp, pod));
  // A pod that serves none of the service's ports is no endpoint of it; a service without ports takes every pod.
  if (servicePorts.length > 0 && ports.length === 0) return [];
  const address: EndpointAddress = { ip: pod.podIP as string, nodeName: pod.nodeName, targetRef: { kind: 'Pod', name: pod.name, uid: pod.uid } };
  return [{ addresses: pod.ready ? [address] : [], notReadyAddresses: pod.ready ? [] : [address], ports }];
}

function endpointPort(servicePort: ServicePort, pod: EndpointPod): EndpointPort[] {
  const target = targetPortOf(servicePort, pod);
  if (target === undefined) return [];
  const port = pod.containerPorts.find((p) => p.containerPort === target && p.protocol === servicePort.protocol)?.hostPort ?? target;
  return [{ ...(servicePort.name ? { name: servicePort.name } : {}), port, protocol: servicePort.protocol }];
}

/** Kubernetes' FindPort: a named targetPort is the container port of that name and the service port's protocol. */
export function targetPortOf(servicePort: ServicePort, pod: Pick<EndpointPod, 'containerPorts'>): number | undefined {
  const { targetPort, protocol } = servicePort;
  if (typeof targetPort === 'number') return targetPort;
  return pod.containerPorts.find((p) => p.name === targetPort && p.protocol === protocol)?.containerPort;
}
