import test, { type ExecutionContext } from 'ava';
import { connect } from 'nats';
import { firstSequenceAfter } from '../../infrastructure/nats/first-sequence-after.js';
import { NatsEventBus, POSITION_HEADER } from '../../infrastructure/nats/nats-event-bus.js';
import { startNatsServer } from '../support/nats-server.js';
import { eventBusContract, first, recorded } from './event-bus.contract.js';

// One nats-server per test: JetStream subjects may belong to one stream only, so tests cannot share a server.
async function serverFor(t: ExecutionContext) {
  const server = await startNatsServer();
  t.teardown(() => server.stop());
  return server;
}

eventBusContract('NatsEventBus', async (t) => {
  const server = await serverFor(t);
  const bus = await NatsEventBus.connect(server.url);
  t.teardown(() => bus.close());
  return bus;
});

test('NatsEventBus: publishes to kes.events.<kind>.<namespace>.<name>.<type> with id and position headers', async (t) => {
  const server = await serverFor(t);
  const bus = await NatsEventBus.connect(server.url);
  t.teardown(() => bus.close());
  await bus.publish(recorded(7, 'pod-default.web-1'));

  const nc = await connect({ servers: server.url });
  t.teardown(() => nc.close());
  const stored = await (await nc.jetstreamManager()).streams.getMessage('KES_EVENTS', { seq: 1 });
  t.is(stored.subject, 'kes.events.pod.default.web-1.SomethingHappened');
  t.is(stored.header.get(POSITION_HEADER), '7');
  t.is(stored.header.get('Nats-Msg-Id'), recorded(7).id);
  t.deepEqual(stored.json(), recorded(7, 'pod-default.web-1'));
});

test('NatsEventBus: a second connection to the same stream sees what the first published', async (t) => {
  const server = await serverFor(t);
  const writer = await NatsEventBus.connect(server.url);
  t.teardown(() => writer.close());
  await writer.publish(recorded(1));
  await writer.publish(recorded(2));
  const reader = await NatsEventBus.connect(server.url); // connect again: the stream is updated, not reset
  t.teardown(() => reader.close());
  await reader.publish(recorded(2)); // a re-publish through another connection is still a duplicate
  await writer.publish(recorded(3));
  t.deepEqual((await first(reader.follow(0), 3)).map((e) => e.position), [1, 2, 3]);
});

test('NatsEventBus: JetStream itself drops a re-published event id', async (t) => {
  const server = await serverFor(t);
  const bus = await NatsEventBus.connect(server.url);
  t.teardown(() => bus.close());
  for (const position of [1, 2, 2, 3, 1]) await bus.publish(recorded(position));
  const nc = await connect({ servers: server.url });
  t.teardown(() => nc.close());
  t.is((await (await nc.jetstreamManager()).streams.info('KES_EVENTS')).state.messages, 3);
});

test('NatsEventBus: follow(after) starts at the first stream sequence past after', async (t) => {
  const server = await serverFor(t);
  const bus = await NatsEventBus.connect(server.url);
  t.teardown(() => bus.close());
  const nc = await connect({ servers: server.url });
  t.teardown(() => nc.close());
  const jsm = await nc.jetstreamManager();
  const position = (m: { header: { get(k: string): string } }) => Number(m.header.get(POSITION_HEADER));
  const startAfter = (after: number) => firstSequenceAfter(jsm, 'KES_EVENTS', after, position);

  t.is(await startAfter(0), 1, 'an empty stream starts at its next sequence');
  for (const p of [3, 4, 7, 8, 9, 12]) await bus.publish(recorded(p)); // positions need not be contiguous
  t.deepEqual(
    await Promise.all([0, 3, 5, 7, 9, 11, 12, 99].map(startAfter)),
    [1, 2, 3, 4, 6, 6, 7, 7],
  );
});
