import test from 'ava';
import { endpointsDecider, type EndpointsCommand } from '../../domain/endpoints/endpoints.decide.js';
import { canonicalSubsets, endpointsStream, type EndpointsEvent, type EndpointSubset } from '../../domain/endpoints/endpoints.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(endpointsDecider);
const cmd = <C extends EndpointsCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

const key = { namespace: 'default', name: 'web' };
const address = (ip: string, pod: string) => ({ ip, nodeName: 'w1', targetRef: { kind: 'Pod' as const, name: pod, uid: `uid-${pod}` } });
const a = address('10.244.1.5', 'web-a');
const b = address('10.244.1.10', 'web-b');
const c = address('10.244.2.3', 'web-c');
const http = { name: 'http', port: 8080, protocol: 'TCP' as const };
const subsets: EndpointSubset[] = [{ addresses: [a, b], notReadyAddresses: [c], ports: [http] }];
const updated = (s: EndpointSubset[]): NewEvent<EndpointsEvent> => ({ type: 'EndpointsUpdated', data: { ...key, subsets: s } });

test('the first SetEndpoints creates the object, even with no addresses', (t) => {
  spec(t).given([]).when(cmd('SetEndpoints', { ...key, subsets })).then([updated(subsets)]);
  spec(t).given([]).when(cmd('SetEndpoints', { ...key, subsets: [] })).then([updated([])]);
  t.is(endpointsStream('default', 'web'), 'endpoints-default.web');
});

test('the same endpoints in another order append nothing', (t) => {
  const shuffled: EndpointSubset[] = [{ addresses: [b, a], notReadyAddresses: [], ports: [http] }, { addresses: [], notReadyAddresses: [c], ports: [http] }];
  spec(t).given([updated(subsets)]).when(cmd('SetEndpoints', { ...key, subsets: shuffled })).then([]);
  spec(t).given([updated([])]).when(cmd('SetEndpoints', { ...key, subsets: [] })).then([]);
});

test('a change is recorded in canonical order: addresses by numeric IP, ready wins over not ready', (t) => {
  const given: EndpointSubset[] = [{ addresses: [c, b], notReadyAddresses: [a, b], ports: [http] }];
  spec(t).given([updated(subsets)]).when(cmd('SetEndpoints', { ...key, subsets: given }))
    .then([updated([{ addresses: [b, c], notReadyAddresses: [a], ports: [http] }])]);
});

test('canonical subsets group addresses by port set, drop empty subsets and sort ports', (t) => {
  const metrics = { name: 'metrics', port: 9090, protocol: 'TCP' as const };
  const result = canonicalSubsets([
    { addresses: [c], notReadyAddresses: [], ports: [metrics, http] },
    { addresses: [], notReadyAddresses: [], ports: [{ port: 1, protocol: 'UDP' }] },
    { addresses: [a], notReadyAddresses: [], ports: [http] },
    { addresses: [b], notReadyAddresses: [], ports: [http, metrics] },
  ]);
  t.deepEqual(result, [
    { addresses: [a], notReadyAddresses: [], ports: [http] },
    { addresses: [b, c], notReadyAddresses: [], ports: [http, metrics] },
  ]);
});

test('bad addresses and ports are refused, naming the field', (t) => {
  spec(t).given([]).when(cmd('SetEndpoints', { ...key, subsets: [{ addresses: [{ ip: '10.244.1' }], notReadyAddresses: [], ports: [http] }] }))
    .thenThrows('Invalid', /^Endpoints "web" is invalid: subsets\[0\].addresses\[0\].ip: Invalid value: "10.244.1": must be a valid IP address/);
  spec(t).given([]).when(cmd('SetEndpoints', { ...key, subsets: [{ addresses: [a], notReadyAddresses: [], ports: [{ ...http, port: 0 }] }] }))
    .thenThrows('Invalid', /subsets\[0\].ports\[0\].port: Invalid value: 0/);
  spec(t).given([]).when(cmd('SetEndpoints', { ...key, subsets: [{ addresses: [a], notReadyAddresses: [], ports: [http, { port: 9090, protocol: 'TCP' }] }] }))
    .thenThrows('Invalid', /subsets\[0\].ports\[1\].name: Required value/);
  spec(t).given([]).when(cmd('SetEndpoints', { ...key, subsets: [{ addresses: [a], notReadyAddresses: [], ports: [http, { ...http, port: 9 }] }] }))
    .thenThrows('Invalid', /subsets\[0\].ports\[1\].name: Duplicate value: "http"/);
});

test('endpoints are deleted once; they may be set again afterwards', (t) => {
  const deleted: NewEvent<EndpointsEvent> = { type: 'EndpointsDeleted', data: key };
  spec(t).given([updated(subsets)]).when(cmd('DeleteEndpoints', key)).then([deleted]);
  spec(t).given([updated(subsets), deleted]).when(cmd('DeleteEndpoints', key)).thenThrows('NotFound', /^endpoints "web" not found$/);
  spec(t).given([updated(subsets), deleted]).when(cmd('SetEndpoints', { ...key, subsets })).then([updated(subsets)]);
});
