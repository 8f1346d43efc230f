import type { Event } from '../shared/event.js';
import { namespacedKey } from '../shared/object-meta.js';
import { parseIPv4 } from '../allocation/ipv4.js';
import type { Protocol } from '../service/service.js';

export type EndpointAddress = Readonly<{
  ip: string;
  nodeName?: string;
  targetRef?: Readonly<{ kind: 'Pod'; name: string; uid: string }>;
}>;
/** `name` is the service port's name, so a client can find the port by name. */
export type EndpointPort = Readonly<{ name?: string; port: number; protocol: Protocol }>;
export type EndpointSubset = Readonly<{
  addresses: readonly EndpointAddress[];
  notReadyAddresses: readonly EndpointAddress[];
  ports: readonly EndpointPort[];
}>;
export type EndpointsKey = Readonly<{ namespace: string; name: string }>;

export type EndpointsUpdated = Event<'EndpointsUpdated', EndpointsKey & { subsets: readonly EndpointSubset[] }>;
export type EndpointsDeleted = Event<'EndpointsDeleted', EndpointsKey>;
export type EndpointsEvent = EndpointsUpdated | EndpointsDeleted;

export type EndpointsState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'active'; subsets: readonly EndpointSubset[] }>
  | Readonly<{ status: 'deleted' }>;

/** Same name as its service: `endpoints-<namespace>.<name>`. */
export const endpointsStream = (namespace: string, name: string) => `endpoints-${namespacedKey(namespace, name)}`;
export const initialEndpointsState = (): EndpointsState => ({ status: 'absent' });

export function evolveEndpoints(_state: EndpointsState, event: EndpointsEvent): EndpointsState {
  switch (event.type) {
    case 'EndpointsUpdated':
      return { status: 'active', subsets: event.data.subsets };
    case 'EndpointsDeleted':
      return { status: 'deleted' };
  }
}

type Group = { ports: EndpointPort[]; ready: Map<string, EndpointAddress>; notReady: Map<string, EndpointAddress> };

/**
 * Kubernetes' RepackSubsets, made deterministic: addresses with the same set of ports share one subset, an address
 * ready anywhere is ready, empty subsets go, and everything is sorted. Equal endpoints then compare equal.
 */
export function canonicalSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const groups = new Map<string, Group>();
  for (const subset of subsets) {
    const ports = subset.ports.map(normalPort).sort(comparePorts);
    const key = JSON.stringify(ports);
    const group = groups.get(key) ?? { ports, ready: new Map(), notReady: new Map() };
    groups.set(key, group);
    for (const a of subset.addresses) group.ready.set(addressKey(a), normalAddress(a));
    for (const a of subset.notReadyAddresses) group.notReady.set(addressKey(a), normalAddress(a));
  }
  return [...groups.values()]
    .sort((a, b) => comparePortLists(a.ports, b.ports))
    .map((g) => ({
      addresses: [...g.ready.values()].sort(compareAddresses),
      notReadyAddresses: [...g.notReady.entries()].filter(([k]) => !g.ready.has(k)).map(([, a]) => a).sort(compareAddresses),
      ports: g.ports,
    }))
    .filter((s) => s.addresses.length > 0 || s.notReadyAddresses.length > 0);
}

export const sameSubsets = (a: readonly EndpointSubset[], b: readonly EndpointSubset[]) =>
  JSON.stringify(canonicalSubsets(a)) === JSON.stringify(canonicalSubsets(b));

// Fixed key order and no undefined fields, so JSON text is a faithful comparison.
const normalPort = ({ name, port, protocol }: EndpointPort): EndpointPort => (name ? { name, port, protocol } : { port, protocol });

const normalAddress = ({ ip, nodeName, targetRef }: EndpointAddress): EndpointAddress => ({
  ip,
  ...(nodeName === undefined ? {} : { nodeName }),
  ...(targetRef === undefined ? {} : { targetRef: { kind: targetRef.kind, name: targetRef.name, uid: targetRef.uid } }),
});

const addressKey = (a: EndpointAddress) => `${a.ip}|${a.targetRef?.uid ?? ''}`;

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  return compareText(a.name ?? '', b.name ?? '') || a.port - b.port || compareText(a.protocol, b.protocol);
}

function comparePortLists(a: readonly EndpointPort[], b: readonly EndpointPort[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = comparePorts(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  const byNumber = (parseIPv4(a.ip) ?? -1) - (parseIPv4(b.ip) ?? -1);
  return byNumber || compareText(a.ip, b.ip) || compareText(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}
