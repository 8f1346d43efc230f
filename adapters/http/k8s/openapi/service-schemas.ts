import { atomicList, bool, CORE, INT_OR_STRING, int32, keyedList, kind, object, ref, stringMap, text, type OpenApiSchema, type Schemas } from './schema.js';

/*
 * core/v1 Service, Endpoints, ConfigMap, Secret and ServiceAccount as kes knows them (application/manifests/manifest-fields.ts):
 * what a manifest may carry and what kes fills in. A Service's ports merge by port (and protocol), as in Kubernetes.
 */

const servicePorts: OpenApiSchema = {
  ...keyedList(ref(`${CORE}.ServicePort`), 'port', 'The list of ports that are exposed by this service.'),
  'x-kubernetes-list-map-keys': ['port', 'protocol'],
};

const SERVICE: Schemas = {
  [`${CORE}.Service`]: kind({ group: '', version: 'v1', kind: 'Service' }, 'Service is a named abstraction of software service (for example, mysql) consisting of local port that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.', {
    spec: ref(`${CORE}.ServiceSpec`, 'Spec defines the behavior of a service.'),
    status: ref(`${CORE}.ServiceStatus`, 'Most recently observed status of the service.'),
  }),
  [`${CORE}.ServiceSpec`]: object('ServiceSpec describes the attributes that a user creates on a service.', {
    clusterIP: text('The IP address of the service, allocated from the service CIDR unless given (and free). Immutable.'),
    clusterIPs: atomicList(text(), 'The IP addresses of the service (kes: the clusterIP alone).'),
    externalTrafficPolicy: text('Accepted, not acted on by kes.'),
    internalTrafficPolicy: text('Accepted, not acted on by kes.'),
    ipFamilies: atomicList(text(), 'Accepted, not acted on by kes (IPv4 only).'),
    ipFamilyPolicy: text('Accepted, not acted on by kes (SingleStack).'),
    ports: servicePorts,
    selector: { ...stringMap('Route service traffic to pods with label keys and values matching this selector.'), 'x-kubernetes-map-type': 'atomic' },
    sessionAffinity: { ...text('ClientIP or None.'), enum: ['ClientIP', 'None'] },
    type: { ...text('How the Service is exposed: ClusterIP (default) or NodePort.'), enum: ['ClusterIP', 'NodePort'] },
  }),
  [`${CORE}.ServicePort`]: object('ServicePort contains information on service\'s port.', {
    name: text('The name of this port within the service; required when there are several.'),
    nodePort: int32('The port on each node on which this service is exposed when type is NodePort; allocated from the node port range unless given.'),
    port: int32('The port that will be exposed by this service.'),
    protocol: { ...text('TCP (default) or UDP.'), default: 'TCP' },
    targetPort: ref(INT_OR_STRING, 'Number or name of the port to access on the pods targeted by the service; defaults to port.'),
  }, ['port']),
  [`${CORE}.ServiceStatus`]: object('ServiceStatus represents the current status of a service.', {
    loadBalancer: ref(`${CORE}.LoadBalancerStatus`, 'LoadBalancer contains the current status of the load-balancer, if one is present (never, in kes).'),
  }),
  [`${CORE}.LoadBalancerStatus`]: object('LoadBalancerStatus represents the status of a load-balancer.', {}),
};

const ENDPOINTS: Schemas = {
  [`${CORE}.Endpoints`]: kind({ group: '', version: 'v1', kind: 'Endpoints' }, 'Endpoints is a collection of endpoints that implement the actual service; kept by the endpoints controller.', {
    subsets: atomicList(ref(`${CORE}.EndpointSubset`), 'The set of all endpoints is the union of all subsets.'),
  }),
  [`${CORE}.EndpointSubset`]: object('EndpointSubset is a group of addresses with a common set of ports.', {
    addresses: atomicList(ref(`${CORE}.EndpointAddress`), 'IP addresses which offer the related ports that are marked as ready.'),
    notReadyAddresses: atomicList(ref(`${CORE}.EndpointAddress`), 'IP addresses which offer the related ports but are not currently marked as ready.'),
    ports: atomicList(ref(`${CORE}.EndpointPort`), 'Port numbers available on the related IP addresses.'),
  }),
  [`${CORE}.EndpointAddress`]: object('EndpointAddress is a tuple that describes single IP address.', {
    ip: text('The IP of this endpoint.'),
    nodeName: text('The node hosting this endpoint.'),
    targetRef: ref(`${CORE}.ObjectReference`, 'Reference to object providing the endpoint.'),
  }, ['ip']),
  [`${CORE}.EndpointPort`]: object('EndpointPort is a tuple that describes a single port.', {
    name: text('The name of this port, the name of the service port it serves.'),
    port: int32('The port number of the endpoint.'),
    protocol: text('TCP or UDP.'),
  }, ['port']),
  [`${CORE}.ObjectReference`]: object('ObjectReference contains enough information to let you inspect or modify the referred object.', {
    kind: text(),
    name: text(),
    namespace: text(),
    uid: text(),
  }),
};

const CONFIG: Schemas = {
  [`${CORE}.ConfigMap`]: kind({ group: '', version: 'v1', kind: 'ConfigMap' }, 'ConfigMap holds configuration data for pods to consume.', {
    binaryData: { type: 'object', additionalProperties: { type: 'string', format: 'byte' }, description: 'Binary values, base64.' },
    data: stringMap('Configuration data: keys of alphanumeric characters, \'-\', \'_\' or \'.\'.'),
  }),
  [`${CORE}.Secret`]: kind({ group: '', version: 'v1', kind: 'Secret' }, 'Secret holds secret data of a certain type (kes seals each value with a key of the secret\'s own).', {
    data: { type: 'object', additionalProperties: { type: 'string', format: 'byte' }, description: 'Secret values, base64.' },
    stringData: stringMap('Write-only values in the clear, merged into data on write.'),
    type: text('Used to facilitate programmatic handling of secret data (Opaque by default).'),
  }),
  [`${CORE}.ServiceAccount`]: kind({ group: '', version: 'v1', kind: 'ServiceAccount' }, 'ServiceAccount binds together a name, understood by users, and a principal that can be authenticated.', {
    automountServiceAccountToken: bool('Whether pods running as this service account should have an API token automatically mounted (kept; kes mounts no tokens yet).'),
  }),
};

export const SERVICE_SCHEMAS: Schemas = { ...SERVICE, ...ENDPOINTS, ...CONFIG };


