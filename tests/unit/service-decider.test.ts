import test from 'ava';
import { serviceDecider, type CreateService, type ServiceCommand } from '../../domain/service/service.decide.js';
import { serviceStream, type ServiceEvent, type ServicePort, type ServiceSpec } from '../../domain/service/service.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { AT, deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(serviceDecider);
const cmd = <C extends ServiceCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

const objectMeta = { name: 'web', namespace: 'default', uid: 'uid-svc', labels: { app: 'web' }, annotations: {}, ownerReferences: [] };
const http: ServicePort = { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' };
const metrics: ServicePort = { name: 'metrics', protocol: 'TCP', port: 9090, targetPort: 9090 };
const serviceSpec = (overrides: Partial<ServiceSpec> = {}): ServiceSpec =>
  ({ type: 'ClusterIP', selector: { app: 'web' }, ports: [http], clusterIP: '10.96.0.20', ...overrides });
const create = (overrides: Partial<ServiceSpec> = {}, m = objectMeta): CreateService => cmd('CreateService', { meta: m, spec: serviceSpec(overrides) });
const key = { namespace: 'default', name: 'web' };
const created: NewEvent<ServiceEvent> = { type: 'ServiceCreated', data: { meta: { ...objectMeta, creationTimestamp: AT }, spec: serviceSpec() } };
const nodePortSpec = serviceSpec({ type: 'NodePort', ports: [{ ...http, nodePort: 30080 }, { ...metrics, nodePort: 30090 }] });
const nodePortCreated: NewEvent<ServiceEvent> = { type: 'ServiceCreated', data: { meta: { ...objectMeta, creationTimestamp: AT }, spec: nodePortSpec } };

test('a Service is created with its allocated ClusterIP, on its own stream', (t) => {
  spec(t).given([]).when(create()).then([created]);
  t.is(serviceStream('default', 'web'), 'service-default.web');
});

test('a Service exists once; after deletion the name can be used again', (t) => {
  const deleted: NewEvent<ServiceEvent> = { type: 'ServiceDeleted', data: { ...key, clusterIP: '10.96.0.20', nodePorts: [] } };
  spec(t).given([created]).when(create()).thenThrows('AlreadyExists', /^services "web" already exists$/);
  spec(t).given([created, deleted]).when(create()).then([created]);
});

test('a Service name must be a DNS-1035 label: no dots, a letter first', (t) => {
  spec(t).given([]).when(create({}, { ...objectMeta, name: '1web' })).thenThrows('Invalid', /^Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label/);
  spec(t).given([]).when(create({}, { ...objectMeta, name: 'web.api' })).thenThrows('Invalid', /metadata.name/);
});

test('with more than one port every port needs a unique name', (t) => {
  spec(t).given([]).when(create({ ports: [http, { ...metrics, name: undefined }] })).thenThrows('Invalid', /spec.ports\[1\].name: Required value/);
  spec(t).given([]).when(create({ ports: [http, { ...metrics, name: 'http' }] })).thenThrows('Invalid', /spec.ports\[1\].name: Duplicate value: "http"/);
  spec(t).given([]).when(create({ ports: [{ ...http, name: undefined }] })).then([{ ...created, data: { ...created.data, spec: serviceSpec({ ports: [{ ...http, name: undefined }] }) } }]);
});

test('ports, target ports and protocols are checked as Kubernetes checks them', (t) => {
  spec(t).given([]).when(create({ ports: [] })).thenThrows('Invalid', /spec.ports: Required value/);
  spec(t).given([]).when(create({ ports: [{ ...http, port: 0 }] })).thenThrows('Invalid', /spec.ports\[0\].port: Invalid value: 0: must be between 1 and 65535, inclusive/);
  spec(t).given([]).when(create({ ports: [{ ...http, port: 65536 }] })).thenThrows('Invalid', /spec.ports\[0\].port/);
  spec(t).given([]).when(create({ ports: [{ ...http, targetPort: 70000 }] })).thenThrows('Invalid', /spec.ports\[0\].targetPort: Invalid value: 70000/);
  spec(t).given([]).when(create({ ports: [{ ...http, targetPort: 'Http_Port' }] }))
    .thenThrows('Invalid', /spec.ports\[0\].targetPort: Invalid value: "Http_Port": must contain only alpha-numeric characters/);
  spec(t).given([]).when(create({ ports: [{ ...http, protocol: 'SCTP' as 'TCP' }] }))
    .thenThrows('Invalid', /spec.ports\[0\].protocol: Unsupported value: "SCTP": supported values: "TCP", "UDP"/);
  spec(t).given([]).when(create({ ports: [http, { ...metrics, port: 80 }] })).thenThrows('Invalid', /spec.ports\[1\]: Duplicate value: "80\/TCP"/);
  spec(t).given([]).when(create({ ports: [http, { ...metrics, port: 80, protocol: 'UDP' }] })).then([
    { ...created, data: { ...created.data, spec: serviceSpec({ ports: [http, { ...metrics, port: 80, protocol: 'UDP' }] }) } },
  ]);
});

test('type, session affinity, selector and ClusterIP are checked', (t) => {
  spec(t).given([]).when(create({ type: 'LoadBalancer' as 'ClusterIP' }))
    .thenThrows('Invalid', /spec.type: Unsupported value: "LoadBalancer": supported values: "ClusterIP", "NodePort"/);
  spec(t).given([]).when(create({ sessionAffinity: 'Sticky' as 'None' })).thenThrows('Invalid', /spec.sessionAffinity: Unsupported value: "Sticky"/);
  spec(t).given([]).when(create({ selector: { app: 'not valid!' } })).thenThrows('Invalid', /spec.selector\[app\]: invalid label value/);
  spec(t).given([]).when(create({ clusterIP: '' })).thenThrows('Invalid', /spec.clusterIP: Required value/);
  spec(t).given([]).when(create({ clusterIP: '10.96.0.300' })).thenThrows('Invalid', /spec.clusterIP: Invalid value: "10.96.0.300": must be a valid IP address/);
});

test('nodePort belongs to NodePort services only, and each port of one needs its own', (t) => {
  spec(t).given([]).when(create({ ports: [{ ...http, nodePort: 30080 }] }))
    .thenThrows('Invalid', /spec.ports\[0\].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'/);
  spec(t).given([]).when(create(nodePortSpec)).then([nodePortCreated]);
  spec(t).given([]).when(create({ type: 'NodePort' })).thenThrows('Invalid', /spec.ports\[0\].nodePort: Required value/);
  spec(t).given([]).when(create({ type: 'NodePort', ports: [{ ...http, nodePort: 30080 }, { ...metrics, nodePort: 30080 }] }))
    .thenThrows('Invalid', /spec.ports\[1\].nodePort: Duplicate value: 30080/);
});

test('changing ports records the new ports; the same ports append nothing', (t) => {
  const ports = [http, metrics];
  spec(t).given([created]).when(cmd('ChangeServicePorts', { ...key, ports })).then([{ type: 'ServicePortsChanged', data: { ...key, ports } }]);
  spec(t).given([created]).when(cmd('ChangeServicePorts', { ...key, ports: [{ targetPort: 'http', port: 80, protocol: 'TCP', name: 'http' }] })).then([]);
  spec(t).given([created]).when(cmd('ChangeServicePorts', { ...key, ports: [{ ...http, targetPort: 8080 }] }))
    .then([{ type: 'ServicePortsChanged', data: { ...key, ports: [{ ...http, targetPort: 8080 }] } }]);
  spec(t).given([created]).when(cmd('ChangeServicePorts', { ...key, ports: [{ ...http, nodePort: 30001 }] })).thenThrows('Invalid', /nodePort: Forbidden/);
  spec(t).given([]).when(cmd('ChangeServicePorts', { ...key, ports })).thenThrows('NotFound', /^services "web" not found$/);
});

test('changing the selector records it; the same selector appends nothing', (t) => {
  const selector = { app: 'web', track: 'stable' };
  spec(t).given([created]).when(cmd('ChangeServiceSelector', { ...key, selector })).then([{ type: 'ServiceSelectorChanged', data: { ...key, selector } }]);
  spec(t).given([created]).when(cmd('ChangeServiceSelector', { ...key, selector: { app: 'web' } })).then([]);
  spec(t).given([created, { type: 'ServiceSelectorChanged', data: { ...key, selector } }]).when(cmd('ChangeServiceSelector', { ...key, selector })).then([]);
});

test('the ClusterIP is immutable', (t) => {
  spec(t).given([created]).when(cmd('ChangeServicePorts', { ...key, ports: [metrics], clusterIP: '10.96.0.99' }))
    .thenThrows('Invalid', /^Service "web" is invalid: spec.clusterIP: Invalid value: "10.96.0.99": field is immutable$/);
  spec(t).given([created]).when(cmd('ChangeServiceSelector', { ...key, selector: {}, clusterIP: '10.96.0.99' })).thenThrows('Invalid', /field is immutable/);
  spec(t).given([created]).when(cmd('ChangeServiceSelector', { ...key, selector: { app: 'web' }, clusterIP: '10.96.0.20' })).then([]);
});

test('deletion names the ClusterIP and NodePorts to release, and happens once', (t) => {
  const deleted: NewEvent<ServiceEvent> = { type: 'ServiceDeleted', data: { ...key, clusterIP: '10.96.0.20', nodePorts: [30080, 30090] } };
  spec(t).given([nodePortCreated]).when(cmd('DeleteService', key)).then([deleted]);
  spec(t).given([nodePortCreated, deleted]).when(cmd('DeleteService', key)).thenThrows('NotFound');
  spec(t).given([nodePortCreated, deleted]).when(cmd('ChangeServicePorts', { ...key, ports: [http] })).thenThrows('NotFound');
});
