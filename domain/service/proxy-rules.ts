import type { EndpointSubset } from '../endpoints/endpoints.js';
import type { Protocol, Service } from './service.js';

export type ProxyBackend = Readonly<{ ip: string; port: number }>;

/** What kube-proxy does for one port of one Service: where it listens, and the ready endpoints it sends to. */
export type ProxyRule = Readonly<{
  namespace: string;
  service: string;
  /** The service port's name; empty for a single unnamed port. */
  portName: string;
  protocol: Protocol;
  clusterIP: string;
  port: number;
  nodePort?: number;
  backends: readonly ProxyBackend[];
}>;

/** `ns/name:port`, or `ns/name` for an unnamed port: Kubernetes' ServicePortName. */
export const servicePortName = (rule: Pick<ProxyRule, 'namespace' | 'service' | 'portName'>) =>
  `${rule.namespace}/${rule.service}${rule.portName ? `:${rule.portName}` : ''}`;

/** The ready addresses of the endpoints, on the endpoint port with the service port's name (as kube-proxy pairs them). */
function backendsOf(subsets: readonly EndpointSubset[], portName: string, protocol: Protocol): ProxyBackend[] {
  return subsets.flatMap((subset) => {
    const port = subset.ports.find((p) => (p.name ?? '') === portName && p.protocol === protocol);
    return port ? subset.addresses.map((a) => ({ ip: a.ip, port: port.port })) : [];
  });
}

/**
 * The rules for every port of every Service, sorted by service port name, each with its ready backends in a
 * stable order. Pure: the same Services and Endpoints give the same rules on every node.
 */
export function proxyRules(services: Iterable<Service>, endpointsOf: (namespace: string, name: string) => readonly EndpointSubset[] | undefined): ProxyRule[] {
  const rules: ProxyRule[] = [];
  for (const { meta, spec } of services)
    for (const port of spec.ports) {
      const portName = port.name ?? '';
      const backends = backendsOf(endpointsOf(meta.namespace, meta.name) ?? [], portName, port.protocol)
        .sort((a, b) => a.ip.localeCompare(b.ip) || a.port - b.port);
      rules.push({
        namespace: meta.namespace, service: meta.name, portName, protocol: port.protocol, clusterIP: spec.clusterIP, port: port.port,
        ...(port.nodePort !== undefined ? { nodePort: port.nodePort } : {}),
        backends,
      });
    }
  return rules.sort((a, b) => servicePortName(a).localeCompare(servicePortName(b)) || a.protocol.localeCompare(b.protocol));
}
