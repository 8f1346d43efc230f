import test from 'ava';
import { endpointsFor, targetPortOf, type EndpointPod } from '../../domain/endpoints/compute.js';
import type { ServicePort } from '../../domain/service/service.js';

const http: ServicePort = { name: 'http', protocol: 'TCP', port: 80, targetPort: 'web' };
const service = (ports: ServicePort[] = [http], selector: Record<string, string> = { app: 'web' }) => ({ spec: { selector, ports } });
const pod = (name: string, podIP: string, overrides: Partial<EndpointPod> = {}): EndpointPod => ({
  name,
  uid: `uid-${name}`,
  labels: { app: 'web', 'pod-template-hash': 'abc' },
  podIP,
  nodeName: 'w1',
  ready: true,
  terminating: false,
  containerPorts: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }],
  ...overrides,
});
const address = (p: EndpointPod) => ({ ip: p.podIP as string, nodeName: p.nodeName, targetRef: { kind: 'Pod', name: p.name, uid: p.uid } });

test('selected pods become addresses, with the named target port resolved per pod', (t) => {
  const a = pod('web-a', '10.244.1.10');
  const b = pod('web-b', '10.244.1.9');
  const other = pod('api-1', '10.244.1.2', { labels: { app: 'api' } });
  t.deepEqual(endpointsFor(service(), [a, other, b]), [
    { addresses: [address(b), address(a)], notReadyAddresses: [], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
  ]);
});

test('pods that are not ready are listed apart; terminating pods and pods without an IP are left out', (t) => {
  const ready = pod('web-a', '10.244.1.5');
  const starting = pod('web-b', '10.244.1.6', { ready: false });
  const stopping = pod('web-c', '10.244.1.7', { terminating: true });
  const unplaced = pod('web-d', '', { podIP: undefined });
  t.deepEqual(endpointsFor(service(), [stopping, starting, unplaced, ready]), [
    { addresses: [address(ready)], notReadyAddresses: [address(starting)], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
  ]);
});

test('pods whose named port differs are grouped into their own subset', (t) => {
  const a = pod('web-a', '10.244.1.5');
  const b = pod('web-b', '10.244.1.6', { containerPorts: [{ name: 'web', containerPort: 9000, protocol: 'TCP' }] });
  t.deepEqual(endpointsFor(service(), [b, a]), [
    { addresses: [address(a)], notReadyAddresses: [], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
    { addresses: [address(b)], notReadyAddresses: [], ports: [{ name: 'http', port: 9000, protocol: 'TCP' }] },
  ]);
});

test('a pod without the named port (or with it on another protocol) serves only the ports it can', (t) => {
  const metrics: ServicePort = { name: 'metrics', protocol: 'TCP', port: 9090, targetPort: 9100 };
  const udpOnly = pod('web-a', '10.244.1.5', { containerPorts: [{ name: 'web', containerPort: 8080, protocol: 'UDP' }] });
  t.deepEqual(endpointsFor(service([http, metrics]), [udpOnly]), [
    { addresses: [address(udpOnly)], notReadyAddresses: [], ports: [{ name: 'metrics', port: 9100, protocol: 'TCP' }] },
  ]);
  t.deepEqual(endpointsFor(service([http]), [udpOnly]), []);
});

test('numeric target ports are used as they are', (t) => {
  t.is(targetPortOf({ ...http, targetPort: 3000 }, { containerPorts: [] }), 3000);
  t.is(targetPortOf(http, { containerPorts: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] }), 8080);
  t.is(targetPortOf(http, { containerPorts: [] }), undefined);
});

test('a service without a selector is not the controller\'s to fill', (t) => {
  t.is(endpointsFor(service([http], {}), [pod('web-a', '10.244.1.5')]), undefined);
});

test('the result is the same whatever order the pods come in', (t) => {
  const pods = [pod('web-a', '10.244.1.5'), pod('web-b', '10.244.2.5', { ready: false }), pod('web-c', '10.244.1.50')];
  t.deepEqual(endpointsFor(service(), pods), endpointsFor(service(), [...pods].reverse()));
});

test('a pod on the host network is reached on the host port its declared port was given', (t) => {
  const onHost = pod('web-a', '127.0.0.1', { containerPorts: [{ name: 'web', containerPort: 8080, hostPort: 41234, protocol: 'TCP' }] });
  const byNumber = service([{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }]);
  t.deepEqual(endpointsFor(service(), [onHost])?.[0].ports, [{ name: 'http', port: 41234, protocol: 'TCP' }], 'by name');
  t.deepEqual(endpointsFor(byNumber, [onHost])?.[0].ports, [{ name: 'http', port: 41234, protocol: 'TCP' }], 'by number');
});
