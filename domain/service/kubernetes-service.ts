import { isIPv4 } from '../allocation/ipv4.js';
import type { EndpointSubset } from '../endpoints/endpoints.js';
import type { ServicePort } from './service.js';

/** The Service in `default` that points at the API server, as kube-apiserver keeps it. */
export const KUBERNETES_SERVICE = { namespace: 'default', name: 'kubernetes' } as const;
export const KUBERNETES_SERVICE_LABELS = { component: 'apiserver', provider: 'kubernetes' } as const;
const HTTPS_PORT = 443;

/** Where the API server is reached: an IPv4 address (an Endpoints address must be one) and its port. */
export type ApiServerAddress = Readonly<{ ip: string; port: number }>;

/** The address and port in the API server's advertised endpoint (`https://10.0.0.1:6443`); none when it names a host, not an IPv4 address. */
export function apiServerAddress(endpoint: string): ApiServerAddress | undefined {
  const match = /^https?:\/\/([^/:]+)(?::(\d+))?\/?$/.exec(endpoint);
  if (!match || !isIPv4(match[1])) return undefined;
  const port = match[2] === undefined ? (endpoint.startsWith('https') ? HTTPS_PORT : 80) : Number(match[2]);
  return port >= 1 && port <= 65535 ? { ip: match[1], port } : undefined;
}

/** Port 443 of the Service, named `https`, to the API server's own port. */
export const kubernetesServicePorts = ({ port }: ApiServerAddress): ServicePort[] => [{ name: 'https', protocol: 'TCP', port: HTTPS_PORT, targetPort: port }];

export const kubernetesEndpointSubsets = ({ ip, port }: ApiServerAddress): EndpointSubset[] => [
  { addresses: [{ ip }], notReadyAddresses: [], ports: [{ name: 'https', port, protocol: 'TCP' }] },
];
