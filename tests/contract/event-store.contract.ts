import type { TestFn } from 'ava';
import type { EventToAppend } from '../../application/ports/event-store.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { subscribeContract } from './event-store-subscribe.contract.js';
import {
  assertIncreasing,
  event,
  openFor,
  streamName,
  stripPositions,
  type ContractOptions,
  type OpenStore,
} from './event-store-fixtures.js';

export type { ContractOptions, OpenStore, StoreUnderTest } from './event-store-fixtures.js';

/**
 * The behaviour every EventStore adapter shares. Tests run serially and only use streams of their own,
 * with positions relative to the head they start from, so they also hold on a shared server.
 */
export function eventStoreContract(test: TestFn, name: string, open: OpenStore, options: ContractOptions = {}): void {
  const contiguous = options.contiguousPositions ?? true;

  test.serial(`${name}: appends to a new stream and reads it back in revision order`, async (t) => {
    const { store } = await openFor(t, open);
    const start = await store.headPosition();
    const stream = streamName('pod');
    const events = [event('PodCreated', { spec: { image: 'nginx', ports: [80] } }), event('PodScheduled', { node: 'n1' })];

    const result = await store.append(stream, events, -1);

    t.like(result, { ok: true, revision: 1 });
    const read = await store.readStream(stream);
    t.deepEqual(stripPositions(read), events.map((e, revision) => ({ ...e, stream, revision })));
    t.is(read[1].position, result.ok ? result.position : NaN);
    t.true(start < read[0].position && read[0].position < read[1].position);
    if (contiguous) t.deepEqual(read.map((e) => e.position), [start + 1, start + 2]);
    t.deepEqual(await store.readStream(streamName('never-written')), []);
  });

  test.serial(`${name}: metadata reads back as appended, whether an event's cause and correlation are its own command or another`, async (t) => {
    const { store } = await openFor(t, open);
    const stream = streamName('pod');
    const root = event('PodCreated');
    const caused = event('PodScheduled');
    const reaction = { ...caused, metadata: { ...caused.metadata, correlationId: root.metadata.commandId, causationId: root.id } };
    const halfway = { ...caused, id: event('x').id, metadata: { ...caused.metadata, correlationId: root.metadata.commandId } };
    const start = await store.headPosition();
    await store.append(stream, [root, reaction, halfway], -1);

    const expected = [root, reaction, halfway].map((e) => e.metadata);
    t.deepEqual((await store.readStream(stream)).map((e) => e.metadata), expected);
    t.deepEqual((await store.readAll(start, 3)).map((e) => e.metadata), expected);
  });

  test.serial(`${name}: a wrong expected revision is a conflict value and writes nothing`, async (t) => {
    const { store } = await openFor(t, open);
    const stream = streamName('node');
    await store.append(stream, [event('NodeRegistered')], -1);
    const head = await store.headPosition();

    t.deepEqual(await store.append(stream, [event('NodeCordoned')], -1), { ok: false, expected: -1, actual: 0 });
    t.deepEqual(await store.append(stream, [event('NodeCordoned')], 5), { ok: false, expected: 5, actual: 0 });
    const fresh = streamName('node');
    t.deepEqual(await store.append(fresh, [event('NodeCordoned')], 0), { ok: false, expected: 0, actual: -1 });

    t.is((await store.readStream(stream)).length, 1);
    t.deepEqual(await store.readStream(fresh), []);
    t.is(await store.headPosition(), head);
    t.like(await store.append(stream, [event('NodeCordoned')], 0), { ok: true, revision: 1 });
  });

  test.serial(`${name}: 'any' appends whatever revision the stream is at`, async (t) => {
    const { store } = await openFor(t, open);
    const stream = streamName('cluster');
    t.like(await store.append(stream, [event('ClusterInitialized')], 'any'), { ok: true, revision: 0 });
    t.like(await store.append(stream, [event('BootstrapTokenCreated'), event('BootstrapTokenCreated')], 'any'), {
      ok: true,
      revision: 2,
    });
    t.deepEqual((await store.readStream(stream)).map((e) => e.revision), [0, 1, 2]);
  });

  test.serial(`${name}: a retried append (same ids) writes nothing and returns where the first one stands`, async (t) => {
    const { store } = await openFor(t, open);
    const stream = streamName('deployment');
    const command = [event('DeploymentCreated'), event('ReplicaSetScaled')];
    const first = await store.append(stream, command, -1);
    await store.append(stream, [event('DeploymentTemplateChanged')], 1);
    const head = await store.headPosition();

    const retried = await store.append(stream, command, -1);

    t.like(first, { ok: true, revision: 1 });
    t.deepEqual(retried, first);
    t.deepEqual(await store.append(stream, command, 'any'), first);
    t.is((await store.readStream(stream)).length, 3);
    t.is(await store.headPosition(), head);
  });

  test.serial(`${name}: a retry racing its original writes once and both get the same answer`, async (t) => {
    const { store } = await openFor(t, open);
    const stream = streamName('service');
    const command = [event('ServiceCreated')];

    const [a, b] = await Promise.all([store.append(stream, command, -1), store.append(stream, command, -1)]);

    t.like(a, { ok: true, revision: 0 });
    t.deepEqual(b, a);
    t.is((await store.readStream(stream)).length, 1);
  });

  test.serial(`${name}: global positions increase across streams in append order`, async (t) => {
    const { store } = await openFor(t, open);
    const start = await store.headPosition();
    const [a, b, c] = [streamName('pod'), streamName('node'), streamName('pod')];
    const appends: Array<[string, EventToAppend[]]> = [
      [a, [event('PodCreated')]],
      [b, [event('NodeRegistered'), event('NodeReadinessChanged')]],
      [a, [event('PodScheduled')]],
      [c, [event('PodCreated'), event('PodScheduled'), event('PodStatusReported')]],
    ];
    const results = [];
    for (const [stream, events] of appends) results.push(await store.append(stream, events, 'any'));

    const all = await store.readAll(start, 100);
    t.deepEqual(all.map((e) => e.id), appends.flatMap(([, events]) => events.map((e) => e.id)));
    t.deepEqual(all.map((e) => e.stream), appends.flatMap(([stream, events]) => events.map(() => stream)));
    assertIncreasing(t, all, start);
    const lastOfEachAppend = [0, 2, 3, 6].map((i) => all[i].position);
    t.deepEqual(results.map((r) => (r.ok ? r.position : NaN)), lastOfEachAppend);
    if (contiguous) t.deepEqual(all.map((e) => e.position), [1, 2, 3, 4, 5, 6, 7].map((i) => start + i));
  });

  test.serial(`${name}: readAll pages by position with after and limit`, async (t) => {
    const { store } = await openFor(t, open);
    const start = await store.headPosition();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const e = event('ConfigMapCreated', { i });
      ids.push(e.id);
      await store.append(streamName('configmap'), [e], -1);
    }

    const pages: RecordedEvent[][] = [];
    for (let after = start; ; ) {
      const page = await store.readAll(after, 3);
      pages.push(page);
      if (page.length === 0) break;
      after = page[page.length - 1].position;
    }

    t.deepEqual(pages.map((page) => page.length), [3, 3, 1, 0]);
    t.deepEqual(pages.flat().map((e) => e.id), ids);
    t.deepEqual(pages.flat(), await store.readAll(start, 100));
    t.deepEqual(await store.readAll(await store.headPosition(), 10), []);
    t.deepEqual((await store.readAll(pages[0][1].position, 2)).map((e) => e.id), ids.slice(2, 4));
  });

  test.serial(`${name}: headPosition is the position of the last stored event`, async (t) => {
    const { store } = await openFor(t, open);
    const start = await store.headPosition();
    if (contiguous) t.is(start, 0, 'a new store is empty');
    const stream = streamName('namespace');
    const result = await store.append(stream, [event('NamespaceCreated'), event('NamespaceLabelled')], -1);
    t.is(await store.headPosition(), result.ok ? result.position : NaN);
    await store.append(stream, [event('NamespaceDeleted')], 0);
    t.is(await store.headPosition(), result.ok ? result.position : NaN, 'a conflict moves nothing');
  });

  test.serial(`${name}: of concurrent appends with the same expected revision exactly one wins`, async (t) => {
    const { store } = await openFor(t, open);
    for (const expected of [-1, 0]) {
      const stream = streamName('replicaset');
      if (expected === 0) await store.append(stream, [event('ReplicaSetCreated')], -1);
      const contenders = Array.from({ length: 8 }, () => event('ReplicaSetScaled'));

      const results = await Promise.all(contenders.map((e) => store.append(stream, [e], expected)));

      const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
      t.is(winners.length, 1, `expected ${expected}: one winner`);
      for (const r of results) if (!r.ok) t.deepEqual(r, { ok: false, expected, actual: expected + 1 });
      const stored = await store.readStream(stream);
      t.is(stored.length, expected + 2);
      t.is(stored[stored.length - 1].id, contenders[winners[0]].id);
    }
  });

  test.serial(`${name}: reopening keeps every event, the head and retried commands' ids`, async (t) => {
    const sut = await openFor(t, open);
    if (!sut.reopen) return void t.pass('this adapter keeps nothing across a reopen');
    const { store } = sut;
    const start = await store.headPosition();
    const [a, b] = [streamName('pod'), streamName('node')];
    const command = [event('PodCreated'), event('PodScheduled')];
    const first = await store.append(a, command, -1);
    await store.append(b, [event('NodeRegistered')], -1);
    const before = { a: await store.readStream(a), all: await store.readAll(start, 1000), head: await store.headPosition() };

    const reopened = await sut.reopen();

    t.deepEqual(await reopened.readStream(a), before.a);
    t.deepEqual(await reopened.readAll(start, 1000), before.all);
    t.is(await reopened.headPosition(), before.head);
    t.deepEqual(await reopened.append(a, command, -1), first, 'a retry after reopen writes nothing');
    const next = await reopened.append(b, [event('NodeCordoned')], 0);
    t.like(next, { ok: true, revision: 1 });
    if (contiguous) t.like(next, { position: before.head + 1 });
  });

  subscribeContract(test, name, open, options);
}
