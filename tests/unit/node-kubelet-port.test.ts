import test from 'ava';
import { nodeDecider, type NodeCommand } from '../../domain/node/node.decide.js';
import { evolveNode, initialNodeState, type NodeEvent } from '../../domain/node/node.js';
import { parseNodeRegistration } from '../../application/validation/node-registration.js';
import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';
import { deciderSpec, meta } from '../support/decider-spec.js';
import { registration } from '../support/node-fixtures.js';

const spec = deciderSpec(nodeDecider);
const register = (data = registration('w1')) => ({ type: 'RegisterNode', data, metadata: meta() }) as NodeCommand;
const onPort = (port: number) => registration('w1', { kubeletPort: port });

test('re-registering with the same kubelet port appends nothing; a changed port is recorded', (t) => {
  const registered = { type: 'NodeRegistered' as const, data: onPort(10250) };
  spec(t).given([registered]).when(register(onPort(10250))).then([]);
  spec(t).given([registered]).when(register(onPort(41234))).then([{ type: 'NodeRegistered', data: onPort(41234) }]);
  spec(t).given([registered]).when(register(registration('w1'))).then([{ type: 'NodeRegistered', data: registration('w1') }]);
});

test('the node keeps the port it registered last, and loses it when it registers without one', (t) => {
  const at = (data: ReturnType<typeof registration>) => ({ type: 'NodeRegistered', data, metadata: meta() }) as NodeEvent;
  const fold = (events: NodeEvent[]) => events.reduce(evolveNode, initialNodeState());
  const port = (state: ReturnType<typeof fold>) => (state.status === 'registered' ? state.node.kubeletPort : 'absent');
  t.is(port(fold([at(onPort(10250)), at(onPort(41234))])), 41234);
  t.is(port(fold([at(onPort(10250)), at(registration('w1'))])), undefined);
});

test('a kubelet port that is not a TCP port is refused, naming the field', (t) => {
  spec(t).given([]).when(register(onPort(70000))).thenThrows('Invalid', /status\.daemonEndpoints\.kubeletEndpoint\.Port/);
  spec(t).given([]).when(register(onPort(1.5))).thenThrows('Invalid', /must be a TCP port/);
});

test('the port travels in the Node manifest a kubelet posts, as daemonEndpoints.kubeletEndpoint.Port', (t) => {
  const manifest = nodeManifest(onPort(10250));
  t.deepEqual(manifest.status.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
  t.deepEqual(parseNodeRegistration(manifest), { ok: true, value: onPort(10250) });
  t.deepEqual(parseNodeRegistration(nodeManifest(registration('w1'))), { ok: true, value: registration('w1') });
  const bad = parseNodeRegistration({ ...manifest, status: { ...manifest.status, daemonEndpoints: { kubeletEndpoint: { Port: 'x' } } } });
  t.false(bad.ok);
});
