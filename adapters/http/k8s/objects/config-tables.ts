import { age } from '../duration.js';
import type { Table, TableColumnDefinition, TableRow } from '../k8s-types.js';
import { rowOf, tableOf } from './pod-table.js';
import type { K8sConfigMap, K8sEndpoints, K8sSecret, K8sService } from './config-types.js';

/** kubectl's columns for services, endpoints, configmaps and secrets (the API server's printers.go). */

const NAME: TableColumnDefinition = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.' };
const AGE: TableColumnDefinition = {
  name: 'Age', type: 'string', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
};

export const SERVICE_COLUMNS: readonly TableColumnDefinition[] = [
  NAME,
  { name: 'Type', type: 'string', description: 'type determines how the Service is exposed.' },
  { name: 'Cluster-IP', type: 'string', description: 'clusterIP is the IP address of the service.' },
  { name: 'External-IP', type: 'string', description: 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic.' },
  { name: 'Port(s)', type: 'string', description: 'The list of ports that are exposed by this service.' },
  AGE,
  { name: 'Selector', type: 'string', priority: 1, description: 'Route service traffic to pods with label keys and values matching this selector.' },
];

export const ENDPOINTS_COLUMNS: readonly TableColumnDefinition[] = [
  NAME,
  { name: 'Endpoints', type: 'string', description: 'The set of all endpoints is the union of all subsets.' },
  AGE,
];

export const CONFIGMAP_COLUMNS: readonly TableColumnDefinition[] = [
  NAME,
  { name: 'Data', type: 'string', description: 'Data contains the configuration data.' },
  AGE,
];

export const SECRET_COLUMNS: readonly TableColumnDefinition[] = [
  NAME,
  { name: 'Type', type: 'string', description: 'Used to facilitate programmatic handling of secret data.' },
  { name: 'Data', type: 'string', description: 'Data contains the secret data.' },
  AGE,
];

/** labels.FormatLabels: `k=v` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** `80/TCP`, or `80:30080/TCP` with a NodePort; `<none>` without ports. */
export function formatServicePorts(ports: K8sService['spec']['ports']): string {
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',');
}

/**
 * printers.go formatEndpoints: ready `ip:port` pairs, the first three, then `+ N more...`; `<none>` without
 * subsets. `portName` keeps the ports of one service port (as `kubectl describe service` lists them per port).
 */
export function formatEndpoints({ subsets = [] }: Pick<K8sEndpoints, 'subsets'>, portName?: string): string {
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const { addresses = [], ports = [] } of subsets) {
    const targets = ports.length === 0 ? [undefined] : ports.filter((p) => portName === undefined || (p.name ?? '') === portName).map((p) => p.port);
    for (const port of targets) {
      count += addresses.length;
      for (const a of addresses) if (list.length < max) list.push(port === undefined ? a.ip : `${a.ip}:${port}`);
    }
  }
  return count > max ? `${list.join(',')} + ${count - max} more...` : list.join(',');
}

const dataCount = (...maps: (Record<string, string> | undefined)[]) => maps.reduce((n, m) => n + Object.keys(m ?? {}).length, 0);

export function serviceTable(services: readonly K8sService[], now: Date, resourceVersion: string): Table {
  const row = ({ metadata, spec }: K8sService): TableRow =>
    rowOf([metadata.name, spec.type, spec.clusterIP, '<none>', formatServicePorts(spec.ports), age(metadata.creationTimestamp, now), formatLabels(spec.selector)], metadata);
  return tableOf(SERVICE_COLUMNS, services.map(row), resourceVersion);
}

export function endpointsTable(endpoints: readonly K8sEndpoints[], now: Date, resourceVersion: string): Table {
  const row = (e: K8sEndpoints): TableRow => rowOf([e.metadata.name, formatEndpoints(e), age(e.metadata.creationTimestamp, now)], e.metadata);
  return tableOf(ENDPOINTS_COLUMNS, endpoints.map(row), resourceVersion);
}

export function configMapTable(configMaps: readonly K8sConfigMap[], now: Date, resourceVersion: string): Table {
  const row = (c: K8sConfigMap): TableRow => rowOf([c.metadata.name, dataCount(c.data, c.binaryData), age(c.metadata.creationTimestamp, now)], c.metadata);
  return tableOf(CONFIGMAP_COLUMNS, configMaps.map(row), resourceVersion);
}

export function secretTable(secrets: readonly K8sSecret[], now: Date, resourceVersion: string): Table {
  const row = (s: K8sSecret): TableRow => rowOf([s.metadata.name, s.type, dataCount(s.data), age(s.metadata.creationTimestamp, now)], s.metadata);
  return tableOf(SECRET_COLUMNS, secrets.map(row), resourceVersion);
}
