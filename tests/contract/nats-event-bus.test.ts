import test, { type ExecutionContext } from 'ava';
import { connect } from 'nats';
import { firstSequenceAfter } from '../../infrastructure/nats/first-sequence-after.js';
import { NatsEventBus, POSITION_HEADER, StreamMovedOn } from '../../infrastructure/nats/nats-event-bus.js';
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

test('NatsEventBus: publishes each event as a CloudEvent in binary content mode on kes.events.<kind>.<namespace>.<name>.<type>', async (t) => {
  const server = await serverFor(t);
  const bus = await NatsEventBus.connect(server.url, { source: 'kes://prod', schemas: 'https://10.0.0.1:6443/kes/v1/schemas' });
  t.teardown(() => bus.close());
  const event = recorded(7, 'pod-default.web-1');
  await bus.publish(event);

  const nc = await connect({ servers: server.url });
  t.teardown(() => nc.close());
  const stored = await (await nc.jetstreamManager()).streams.getMessage('KES_EVENTS', { seq: 1 });
  t.is(stored.subject, 'kes.events.pod.default.web-1.SomethingHappened');
  const header = (name: string) => stored.header.get(name);
  t.deepEqual(
    ['ce-specversion', 'ce-id', 'ce-source', 'ce-type', 'ce-subject', 'ce-time', 'ce-dataschema', 'content-type'].map(header),
    ['1.0', event.id, 'kes://prod', 'io.kes.SomethingHappened', 'pod/default/web-1', event.metadata.at, 'https://10.0.0.1:6443/kes/v1/schemas/SomethingHappened', 'application/json'],
  );
  t.deepEqual(
    ['Kes-Position', 'Kes-Stream', 'Kes-Revision', 'Kes-Actor', 'Kes-Command-Id', 'Kes-Correlation-Id', 'Nats-Msg-Id'].map(header),
    ['7', 'pod-default.web-1', '6', 'test', 'c7', 'c7', event.id],
  );
  t.deepEqual(stored.json(), event.data, 'the body is the event\'s data alone');
});

test('NatsEventBus: two publishers of the same log put each event on the stream once, in position order', async (t) => {
  const server = await serverFor(t);
  const [one, other] = [await NatsEventBus.connect(server.url), await NatsEventBus.connect(server.url)];
  t.teardown(() => Promise.all([one.close(), other.close()]));
  await one.publish(recorded(1));
  await one.publish(recorded(2));
  await t.throwsAsync(other.publish(recorded(1)).then(() => other.publish(recorded(3))), { instanceOf: StreamMovedOn }, 'the stream moved on while it was behind');
  t.is(await other.lastPublishedPosition(), 2, 'it finds where the stream stands');
  await other.publish(recorded(3));
  await one.publish(recorded(3)); // already there: dropped by its id
  await t.throwsAsync(one.publish(recorded(4)), { instanceOf: StreamMovedOn }, 'behind the stream, it may not append');
  t.is(await one.lastPublishedPosition(), 3);
  await one.publish(recorded(4));
  const nc = await connect({ servers: server.url });
  t.teardown(() => nc.close());
  t.is((await (await nc.jetstreamManager()).streams.info('KES_EVENTS')).state.messages, 4);
  t.deepEqual((await first(other.follow(0), 4)).map((e) => e.position), [1, 2, 3, 4]);
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

const storedPositions = async (url: string) => {
  const nc = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info('KES_EVENTS');
    const positions: number[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) positions.push(Number((await jsm.streams.getMessage('KES_EVENTS', { seq })).header.get(POSITION_HEADER)));
    return positions;
  } finally {
    await nc.close();
  }
};

test('NatsEventBus: a pipelined batch from a publisher behind the stream appends none of it', async (t) => {
  const server = await serverFor(t);
  const [one, other] = [await NatsEventBus.connect(server.url), await NatsEventBus.connect(server.url)];
  t.teardown(() => Promise.all([one.close(), other.close()]));
  await one.publishAll([recorded(1), recorded(2), recorded(3)]);
  await t.throwsAsync(other.publishAll([recorded(4), recorded(5), recorded(6)]), { instanceOf: StreamMovedOn });
  t.deepEqual(await storedPositions(server.url), [1, 2, 3], 'nothing of the refused batch, not even its later events');
  t.is(await other.lastPublishedPosition(), 3);
  await other.publishAll([recorded(4), recorded(5), recorded(6)]);
  t.deepEqual(await storedPositions(server.url), [1, 2, 3, 4, 5, 6]);
});

test('NatsEventBus: a pipelined batch whose first events another publisher of the same log put there first adds only the rest', async (t) => {
  const server = await serverFor(t);
  const [one, other] = [await NatsEventBus.connect(server.url), await NatsEventBus.connect(server.url)];
  t.teardown(() => Promise.all([one.close(), other.close()]));
  await one.publishAll([recorded(1), recorded(2)]);
  await other.publishAll([recorded(1), recorded(2), recorded(3)]).catch((error: unknown) => {
    if (!(error instanceof StreamMovedOn)) throw error;
  });
  t.deepEqual(await storedPositions(server.url), [1, 2, 3], 'each once, in order');
  await one.publishAll([recorded(3), recorded(4)]); // 3 is there already: dropped by its id, and 4 goes after it
  await one.publishAll([recorded(5)]);
  t.deepEqual(await storedPositions(server.url), [1, 2, 3, 4, 5]);
});

test('NatsEventBus: an event the stream cannot take fails its batch, and the batch that starts with it says why', async (t) => {
  const server = await serverFor(t);
  const bus = await NatsEventBus.connect(server.url);
  t.teardown(() => bus.close());
  const nc = await connect({ servers: server.url });
  t.teardown(() => nc.close());
  const jsm = await nc.jetstreamManager();
  await jsm.streams.update('KES_EVENTS', { max_msg_size: 2_048 });
  const tooBig = { ...recorded(2), data: { n: 2, padding: 'x'.repeat(4_096) } };

  await t.throwsAsync(bus.publishAll([recorded(1), tooBig, recorded(3)]), { instanceOf: StreamMovedOn }, 'the last could not follow the one refused');
  t.deepEqual(await storedPositions(server.url), [1], 'nothing after the refused one');
  t.is(await bus.lastPublishedPosition(), 1);
  const refused = await t.throwsAsync(bus.publishAll([tooBig, recorded(3)]));
  t.false(refused instanceof StreamMovedOn);
  t.regex(refused.message, /size/i);
  t.deepEqual(await storedPositions(server.url), [1]);
});

test('NatsEventBus: an event that cannot even be sent fails its batch with the reason, wherever it stands in it', async (t) => {
  const server = await serverFor(t);
  const bus = await NatsEventBus.connect(server.url);
  t.teardown(() => bus.close());
  const unsendable = (position: number) => ({ ...recorded(position), metadata: { ...recorded(position).metadata, actor: 'line\nbreak' } });

  await t.throwsAsync(bus.publishAll([recorded(1), unsendable(2), recorded(3)]), { message: /invalid header value/ });
  t.deepEqual(await storedPositions(server.url), [1], 'nothing after it');
  t.is(await bus.lastPublishedPosition(), 1);
  await t.throwsAsync(bus.publishAll([unsendable(2), recorded(3)]), { message: /invalid header value/ });
  await t.throwsAsync(bus.publishAll([recorded(2), unsendable(3)]), { message: /invalid header value/ });
  t.deepEqual(await storedPositions(server.url), [1, 2]);
});
