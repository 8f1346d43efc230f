import test from 'ava';
import { rangeAllocationDecider, type RangeAllocationCommand } from '../../domain/allocation/allocation.decide.js';
import {
  allocationStream,
  evolveRangeAllocation,
  initialRangeAllocationState,
  valueHeldBy,
  type RangeAllocationEvent,
} from '../../domain/allocation/allocation.js';
import type { AllocationName } from '../../domain/allocation/range.js';
import type { NewEvent } from '../../domain/shared/event.js';
import { deciderSpec, meta } from '../support/decider-spec.js';

const spec = deciderSpec(rangeAllocationDecider);
const cmd = <C extends RangeAllocationCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata: meta() }) as C;

type E = NewEvent<RangeAllocationEvent>;
const ips: E = { type: 'RangeConfigured', data: { name: 'clusterips', range: '10.96.0.0/12' } };
const ports: E = { type: 'RangeConfigured', data: { name: 'nodeports', range: '30000-32767' } };
const ip = (value: string, owner: string): E => ({ type: 'Allocated', data: { name: 'clusterips', value, owner } });
const port = (value: number, owner: string): E => ({ type: 'Allocated', data: { name: 'nodeports', value, owner } });
const allocate = (name: AllocationName, owner: string, requested?: string | number) =>
  cmd('Allocate', requested === undefined ? { name, owner } : { name, owner, requested });

test('each range has its own stream and is configured once', (t) => {
  t.is(allocationStream('clusterips'), 'allocation-clusterips');
  t.is(allocationStream('nodeports'), 'allocation-nodeports');
  spec(t).given([]).when(cmd('ConfigureRange', { name: 'clusterips', range: '10.96.0.0/12' })).then([ips]);
  spec(t).given([ips]).when(cmd('ConfigureRange', { name: 'clusterips', range: '10.96.0.0/12' })).then([]);
  spec(t).given([ips]).when(cmd('ConfigureRange', { name: 'clusterips', range: '10.100.0.0/16' }))
    .thenThrows('Conflict', /already 10.96.0.0\/12; it cannot be changed to 10.100.0.0\/16/);
});

test('a range is recorded in canonical form and a malformed one is refused', (t) => {
  spec(t).given([]).when(cmd('ConfigureRange', { name: 'clusterips', range: '10.96.0.1/12' })).then([ips]);
  spec(t).given([]).when(cmd('ConfigureRange', { name: 'clusterips', range: '30000-32767' })).thenThrows('Invalid', /range: .*not an IPv4 CIDR/);
  spec(t).given([]).when(cmd('ConfigureRange', { name: 'nodeports', range: '10.96.0.0/12' })).thenThrows('Invalid', /range: .*not a port range/);
});

test('nothing is allocated before the range is configured', (t) => {
  spec(t).given([]).when(allocate('clusterips', 'default/web')).thenThrows('Conflict', /clusterips range is not configured/);
});

test('without a request the lowest free IP is given, past the one kept for the kubernetes service', (t) => {
  spec(t).given([ips]).when(allocate('clusterips', 'default/web')).then([ip('10.96.0.2', 'default/web')]);
  spec(t).given([ips, ip('10.96.0.2', 'default/a'), ip('10.96.0.4', 'default/b')]).when(allocate('clusterips', 'default/web'))
    .then([ip('10.96.0.3', 'default/web')]);
});

test('the kubernetes service gets the first address by asking for it', (t) => {
  spec(t).given([ips]).when(allocate('clusterips', 'default/kubernetes', '10.96.0.1')).then([ip('10.96.0.1', 'default/kubernetes')]);
});

test('a requested IP is given when free and in range, with Kubernetes messages otherwise', (t) => {
  spec(t).given([ips]).when(allocate('clusterips', 'default/web', '10.100.3.7')).then([ip('10.100.3.7', 'default/web')]);
  spec(t).given([ips, ip('10.96.0.10', 'kube-system/kube-dns')]).when(allocate('clusterips', 'default/web', '10.96.0.10'))
    .thenThrows('Invalid', /^provided IP is already allocated$/);
  spec(t).given([ips]).when(allocate('clusterips', 'default/web', '10.112.0.1'))
    .thenThrows('Invalid', /^provided IP 10.112.0.1 is not in the valid range. The range of valid IPs is 10.96.0.0\/12$/);
  spec(t).given([ips]).when(allocate('clusterips', 'default/web', '10.96.0.0')).thenThrows('Invalid', /not in the valid range/);
  spec(t).given([ips]).when(allocate('clusterips', 'default/web', '10.111.255.255')).thenThrows('Invalid', /not in the valid range/);
  spec(t).given([ips]).when(allocate('clusterips', 'default/web', 'ten')).thenThrows('Invalid', /must be a valid IP address/);
});

test('NodePorts come from the port range, lowest first, and requests are checked the same way', (t) => {
  spec(t).given([ports]).when(allocate('nodeports', 'default/web:80/TCP')).then([port(30000, 'default/web:80/TCP')]);
  spec(t).given([ports, port(30000, 'a')]).when(allocate('nodeports', 'b')).then([port(30001, 'b')]);
  spec(t).given([ports]).when(allocate('nodeports', 'b', 30080)).then([port(30080, 'b')]);
  spec(t).given([ports, port(30080, 'a')]).when(allocate('nodeports', 'b', 30080)).thenThrows('Invalid', /^provided port is already allocated$/);
  spec(t).given([ports]).when(allocate('nodeports', 'b', 8080))
    .thenThrows('Invalid', /^provided port is not in the valid range. The range of valid ports is 30000-32767$/);
});

test('an owner that holds a value gets it again with no event; asking for another is a conflict', (t) => {
  const held = [ips, ip('10.96.0.2', 'default/web')];
  spec(t).given(held).when(allocate('clusterips', 'default/web')).then([]);
  spec(t).given(held).when(allocate('clusterips', 'default/web', '10.96.0.2')).then([]);
  spec(t).given(held).when(allocate('clusterips', 'default/web', '10.96.0.9')).thenThrows('Conflict', /default\/web already holds 10.96.0.2/);
  const state = held.map((e) => ({ ...e, metadata: { ...meta(), correlationId: 'c', causationId: 'c', schemaVersion: 1 } }) as RangeAllocationEvent)
    .reduce(evolveRangeAllocation, initialRangeAllocationState());
  t.is(valueHeldBy(state, 'default/web'), '10.96.0.2');
  t.is(valueHeldBy(state, 'default/api'), undefined);
});

test('a full range is refused with Kubernetes\' words', (t) => {
  const tiny: E = { type: 'RangeConfigured', data: { name: 'nodeports', range: '30000-30001' } };
  spec(t).given([tiny, port(30000, 'a'), port(30001, 'b')]).when(allocate('nodeports', 'c')).thenThrows('Conflict', /^failed to allocate a nodePort: range is full$/);
  const small: E = { type: 'RangeConfigured', data: { name: 'clusterips', range: '10.96.0.0/30' } };
  spec(t).given([small, ip('10.96.0.2', 'a')]).when(allocate('clusterips', 'c')).thenThrows('Conflict', /serviceIP: range is full/);
  spec(t).given([small, ip('10.96.0.2', 'a')]).when(allocate('clusterips', 'default/kubernetes', '10.96.0.1')).then([ip('10.96.0.1', 'default/kubernetes')]);
});

test('a released value is free again; releasing a free value appends nothing', (t) => {
  const released: E = { type: 'Released', data: { name: 'nodeports', value: 30000, owner: 'a' } };
  spec(t).given([ports, port(30000, 'a')]).when(cmd('Release', { name: 'nodeports', value: 30000 })).then([released]);
  spec(t).given([ports, port(30000, 'a'), released]).when(cmd('Release', { name: 'nodeports', value: 30000 })).then([]);
  spec(t).given([ports, port(30000, 'a'), released]).when(allocate('nodeports', 'b')).then([port(30000, 'b')]);
  spec(t).given([ports, port(30000, 'a'), released]).when(allocate('nodeports', 'a')).then([port(30000, 'a')]);
  spec(t).given([]).when(cmd('Release', { name: 'nodeports', value: 30000 })).then([]);
});
