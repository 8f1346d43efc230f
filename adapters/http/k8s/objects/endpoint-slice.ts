import type { EndpointsView, ServiceView } from '../../../../application/projections/service-views.js';
import type { EndpointAddress } from '../../../../domain/endpoints/endpoints.js';
import { age } from '../duration.js';
import type { Table, TableColumnDefinition, TableRow } from '../k8s-types.js';
import { rowOf, tableOf } from './pod-table.js';
import type { K8sObjectMeta } from './workload-types.js';

/**
 * discovery.k8s.io/v1 EndpointSlices, read from the Endpoints the endpoints controller keeps: one slice per
 * service, which is what `kubectl describe service` (1.32) lists the endpoints of each port from.
 */

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

type SlicePort = { name?: string; port: number; protocol: string };
type SliceEndpoint = {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  nodeName?: string;
  targetRef?: { kind: string; name: string; namespace: string; uid: string };
};
export type K8sEndpointSlice = {
  apiVersion: 'discovery.k8s.io/v1';
  kind: 'EndpointSlice';
  metadata: K8sObjectMeta;
  addressType: 'IPv4';
  endpoints: SliceEndpoint[];
  ports: SlicePort[];
};

export const sliceLabels = (view: EndpointsView, service?: ServiceView): Record<string, string> => ({
  ...(service?.meta.labels ?? {}),
  [SERVICE_NAME_LABEL]: view.name,
  'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
});

export function endpointSliceObject(view: EndpointsView, service?: ServiceView): K8sEndpointSlice {
  const { namespace, name } = view;
  const endpoint = (ready: boolean) => ({ ip, nodeName, targetRef }: EndpointAddress): SliceEndpoint => ({
    addresses: [ip],
    conditions: { ready, serving: ready, terminating: false },
    ...(nodeName ? { nodeName } : {}),
    ...(targetRef ? { targetRef: { kind: targetRef.kind, name: targetRef.name, namespace, uid: targetRef.uid } } : {}),
  });
  const ports = new Map<string, SlicePort>();
  for (const p of view.subsets.flatMap((s) => s.ports)) ports.set(`${p.name ?? ''}/${p.port}/${p.protocol}`, { ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol });
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace, resourceVersion: String(view.resourceVersion), creationTimestamp: view.createdAt, labels: sliceLabels(view, service) },
    addressType: 'IPv4',
    endpoints: view.subsets.flatMap((s) => [...s.addresses.map(endpoint(true)), ...s.notReadyAddresses.map(endpoint(false))]),
    ports: [...ports.values()],
  };
}

const COLUMNS: readonly TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' },
  { name: 'AddressType', type: 'string', description: 'The type of address carried by this EndpointSlice.' },
  { name: 'Ports', type: 'string', description: 'The ports of the endpoints.' },
  { name: 'Endpoints', type: 'string', description: 'The addresses of the endpoints.' },
  { name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
];

export function endpointSliceTable(slices: readonly K8sEndpointSlice[], now: Date, resourceVersion: string): Table {
  const row = (s: K8sEndpointSlice): TableRow => {
    const addresses = s.endpoints.flatMap((e) => e.addresses);
    const shown = addresses.length > 3 ? `${addresses.slice(0, 3).join(',')} + ${addresses.length - 3} more...` : addresses.join(',') || '<unset>';
    return rowOf([s.metadata.name, s.addressType, s.ports.map((p) => p.port).join(',') || '<unset>', shown, age(s.metadata.creationTimestamp, now)], s.metadata);
  };
  return tableOf(COLUMNS, slices.map(row), resourceVersion);
}
