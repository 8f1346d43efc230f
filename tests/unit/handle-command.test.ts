import test from 'ava';
import { commandHandler } from '../../application/commands/handle-command.js';
import { StaleWrite } from '../../application/commands/stale-write.js';
import type { EventStore } from '../../application/ports/event-store.js';
import { CommandRefused } from '../../domain/shared/errors.js';
import type { Command } from '../../domain/shared/event.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';
import { registration } from '../support/node-fixtures.js';

const ids = new UuidIds();
const command = (type: string, data: object, commandId = ids.newId(), actor = 'kubernetes-admin'): Command => ({
  type, data, metadata: { commandId, actor, at: '2026-11-27T10:00:00.000Z', correlationId: 'root-1' },
});

/** The store, but the first append through it lets `other` write first, as a concurrent writer would. */
function racedOnce(store: EventStore, other: () => Promise<unknown>): EventStore {
  let raced = false;
  return Object.assign(Object.create(store) as EventStore, {
    append: async (...args: Parameters<EventStore['append']>) => {
      if (!raced) {
        raced = true;
        await other();
      }
      return store.append(...args);
    },
  });
}

test('a command is decided on its stream and stamped with metadata', async (t) => {
  const store = new MemoryEventStore();
  const handled = await commandHandler(store, ids)(command('RegisterNode', registration('w1'), 'c-1'));
  t.like(handled, { stream: 'node-w1', revision: 0, appended: 1 });
  const [event] = await store.readStream('node-w1');
  t.like(event.metadata, { actor: 'kubernetes-admin', commandId: 'c-1', correlationId: 'root-1', causationId: 'c-1', at: '2026-11-27T10:00:00.000Z' });
  t.is(event.id, ids.derivedId('c-1', 0));
});

test('a retried command (same id) is a no-op at the store', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  await handle(command('RegisterNode', registration('w1'), 'c-1'));
  await handle(command('CordonNode', { name: 'w1' }, 'c-2'));
  await handle(command('UncordonNode', { name: 'w1' }, 'c-3'));
  const before = await store.headPosition();
  await handle(command('CordonNode', { name: 'w1' }, 'c-2'));
  t.is(await store.headPosition(), before, 'the retry decides NodeCordoned again, but its event id is already stored');
  const types = (await store.readStream('node-w1')).map((e) => e.type);
  t.deepEqual(types, ['NodeRegistered', 'NodeCordoned', 'NodeUncordoned']);
});

test('an empty decision appends nothing', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  await handle(command('RegisterNode', registration('w1')));
  const handled = await handle(command('RegisterNode', registration('w1')));
  t.is(handled.appended, 0);
  t.is(await store.headPosition(), 1);
});

test('a conflicting writer is retried against the new state', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  await handle(command('RegisterNode', registration('w1')));
  const racing = racedOnce(store, () => handle(command('CordonNode', { name: 'w1' })));
  await commandHandler(racing, ids)(command('ChangeNodeLabels', { name: 'w1', set: { disk: 'ssd' }, remove: [] }));
  t.deepEqual((await store.readStream('node-w1')).map((e) => e.type), ['NodeRegistered', 'NodeCordoned', 'NodeLabelsChanged']);
});

test('a hot stream is decided from the state kept after its last command, without reading the store again', async (t) => {
  const store = new MemoryEventStore();
  let reads = 0;
  const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
    readStream: (stream: string) => {
      reads++;
      return store.readStream(stream);
    },
  });
  const handle = commandHandler(counting, ids);
  await handle(command('RegisterNode', registration('w1')));
  await handle(command('CordonNode', { name: 'w1' }));
  await handle(command('CordonNode', { name: 'w1' }));
  const handled = await handle(command('UncordonNode', { name: 'w1' }));
  t.is(reads, 1, 'only the first command reads the stream');
  t.like(handled, { revision: 2, position: 3, appended: 1 });
  t.deepEqual((await store.readStream('node-w1')).map((e) => e.type), ['NodeRegistered', 'NodeCordoned', 'NodeUncordoned']);
});

test('a kept state that another writer made stale is found out by the expected revision, and the command decided again', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  const other = commandHandler(store, ids);
  await handle(command('RegisterNode', registration('w1')));
  await other(command('CordonNode', { name: 'w1' }));
  await handle(command('ChangeNodeLabels', { name: 'w1', set: { disk: 'ssd' }, remove: [] }));
  const uncordoned = await handle(command('UncordonNode', { name: 'w1' }));
  t.is(uncordoned.appended, 1, 'the state decided on after the conflict knows the node is cordoned');
  t.deepEqual((await store.readStream('node-w1')).map((e) => e.type), ['NodeRegistered', 'NodeCordoned', 'NodeLabelsChanged', 'NodeUncordoned']);
});

test('refused commands append nothing', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  await t.throwsAsync(handle(command('CordonNode', { name: 'ghost' })), { message: /nodes "ghost" not found/ });
  await t.throwsAsync(handle(command('RegisterNode', registration('w1', { labels: { 'a/b/c': 'x' } }))), { message: /invalid label key/ });
  await t.throwsAsync(handle(command('FlyToMoon', { name: 'x' })), { message: /unknown command type "FlyToMoon"/ });
  t.is(await store.headPosition(), 0);
});

test('a change whose events would take more than an object may (1.5 MiB) is refused and appends nothing', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  const labels = Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`label-${i}`, 'v'.repeat(60)]));

  const refused = await t.throwsAsync(handle(command('RegisterNode', registration('w1', { labels }))), {
    instanceOf: CommandRefused,
    message: /^RegisterNode would write \d+ bytes to node-w1, more than the 1572864 bytes \(1\.5 MiB\) one object may take: make the object smaller$/,
  });

  t.is(refused?.reason, 'RequestEntityTooLarge');
  t.is(await store.headPosition(), 0);
  t.like(await handle(command('RegisterNode', registration('w1'))), { appended: 1 });
});

test('a node may change only itself (NodeRestriction)', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  await handle(command('RegisterNode', registration('w1')));
  await handle(command('RegisterNode', registration('w2')));
  await t.throwsAsync(handle(command('ReportNodeReadiness', { name: 'w2', status: 'False', reason: 'x', message: 'x' }, undefined, 'system:node:w1')), {
    message: /system:node:w1 may not ReportNodeReadiness on "w2"/,
  });
  await t.throwsAsync(handle(command('DeleteNode', { name: 'w1' }, undefined, 'system:node:w1')), { message: /may not DeleteNode/ });
  await t.throwsAsync(handle(command('CordonNode', { name: 'w1' }, undefined, 'system:bootstrap:abcdef')), { message: /only join/ });
  await t.throwsAsync(handle(command('CordonNode', { name: 'w1' }, undefined, 'mallory')), { message: /unknown user/ });
  t.is(await store.headPosition(), 2);
  await handle(command('ReportNodeReadiness', { name: 'w1', status: 'False', reason: 'x', message: 'x' }, undefined, 'system:node:w1'));
  t.is(await store.headPosition(), 3);
});

test('a command whose payload has the wrong shape is refused, naming each field', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  const broken = { ...registration('w1'), capacity: { cpuMillis: 'lots' } };
  const error = await t.throwsAsync(handle(command('RegisterNode', broken)));
  t.regex(error!.message, /RegisterNode "w1" is invalid: data\.capacity\.cpuMillis/);
  t.regex(error!.message, /data\.capacity\.memoryBytes/);
  await t.throwsAsync(handle(command('ReportNodeReadiness', { name: 'w1', status: 'Maybe', reason: '', message: '' })), { message: /data\.status/ });
  t.is(await store.headPosition(), 0);
});

const withPrecondition = (c: Command, expectedPosition: number): Command => ({ ...c, metadata: { ...c.metadata, expectedPosition } });

test('a command decided on a position its stream has left is a StaleWrite, also when the write lands between read and append', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  const registered = await handle(command('RegisterNode', registration('w1')));
  await handle(command('CordonNode', { name: 'w1' }));
  const head = await store.headPosition();
  const stale = await t.throwsAsync(handle(withPrecondition(command('ChangeNodeLabels', { name: 'w1', set: { a: 'b' }, remove: [] }), registered.position)));
  t.true(stale instanceof StaleWrite);
  t.like(stale, { reason: 'Conflict', stream: 'node-w1', expectedPosition: registered.position, actualPosition: head });
  t.is(await store.headPosition(), head, 'nothing appended');

  // The stream is at the expected position when read, but another writer appends before this command does.
  const racingHandle = commandHandler(racedOnce(store, () => handle(command('UncordonNode', { name: 'w1' }))), ids);
  await t.throwsAsync(racingHandle(withPrecondition(command('ChangeNodeLabels', { name: 'w1', set: { a: 'b' }, remove: [] }), head)), { instanceOf: StaleWrite });
  t.deepEqual((await store.readStream('node-w1')).map((e) => e.type), ['NodeRegistered', 'NodeCordoned', 'NodeUncordoned'], 'the other write is kept, this one is not');
  await handle(withPrecondition(command('ChangeNodeLabels', { name: 'w1', set: { a: 'b' }, remove: [] }), await store.headPosition()));
  t.is((await store.readStream('node-w1')).at(-1)?.type, 'NodeLabelsChanged', 'at the current position it goes ahead');
});

test('several commands about one object are decided in turn and appended together, or not at all', async (t) => {
  const store = new MemoryEventStore();
  const handle = commandHandler(store, ids);
  await handle(command('RegisterNode', registration('w1')));
  const handled = await handle([command('CordonNode', { name: 'w1' }, 'c-9'), command('ChangeNodeLabels', { name: 'w1', set: { a: 'b' }, remove: [] }, 'c-9')]);
  t.like(handled, { stream: 'node-w1', revision: 2, appended: 2 });
  const events = await store.readStream('node-w1');
  t.deepEqual(events.slice(1).map((e) => e.id), [ids.derivedId('c-9', 0), ids.derivedId('c-9', 1)], 'ids numbered across the commands');
  t.deepEqual(events.map((e) => e.metadata.appendContinues), [undefined, true, undefined], 'each event of an append but its last says the write goes on');
  const head = await store.headPosition();
  const refused = handle([command('UncordonNode', { name: 'w1' }), command('SetNodeTaints', { name: 'w1', taints: [{ key: '', effect: 'NoSchedule' }] })]);
  await t.throwsAsync(refused, { message: /invalid/ });
  t.is(await store.headPosition(), head, 'the valid first command is not appended without the second');
  await t.throwsAsync(handle([command('CordonNode', { name: 'w1' }), command('CordonNode', { name: 'w2' })]), { message: /must be about one object/ });
});
