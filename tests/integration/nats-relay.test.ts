import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connect } from 'nats';
import { firstValueFrom, take, timeout, toArray } from 'rxjs';
import { NatsEventFeed } from '../../infrastructure/nats/nats-event-feed.js';
import { startNatsRelay, type NatsRelaySettings } from '../../apps/control-plane/nats-relay.js';
import { closeConnection, RECONNECTING } from '../../infrastructure/nats/nats-event-bus.js';
import type { EventStore } from '../../application/ports/event-store.js';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { streamMessages, streamPositions } from '../support/kes-events-stream.js';
import { startNatsServer } from '../support/nats-server.js';
import { tempDir } from '../support/tmp.js';

const LEASE_MS = 1_500;
const metadata = { actor: 'kubernetes-admin', commandId: 'c', correlationId: 'c', causationId: 'c', at: '2026-12-06T10:00:00.000Z', schemaVersion: 1 };

async function appendNodeEvents(store: EventStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    await store.append(`node-w${i % 5}`, [{ id: randomUUID(), type: 'NodeCordoned', data: { name: `w${i % 5}` }, metadata }], 'any');
}

async function until(what: string, condition: () => Promise<boolean>, ms = 15_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await condition()); ) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const everyOnce = (positions: number[], head: number) => positions.length === head && positions.every((p, i) => p === i + 1);

/** A relay as an API server runs one: on a NATS connection of its own, closed with it. */
async function relayOn(store: EventStore, url: string, settings: NatsRelaySettings, t: ExecutionContext) {
  const nc = await connect({ servers: url, ...RECONNECTING });
  const relay = await startNatsRelay(store, nc, settings);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await relay.stop();
    await closeConnection(nc);
  };
  t.teardown(stop);
  return { stop };
}

async function storeIn(t: ExecutionContext) {
  const dir = tempDir();
  const store = SqliteEventStore.open(join(dir.path, 'kes.db'));
  t.teardown(async () => {
    await store.close();
    dir.remove();
  });
  return store;
}

test('two API servers\' relays put every stored event on KES_EVENTS once, in store order; when the one relaying stops, the other takes over', async (t) => {
  const nats = await startNatsServer();
  t.teardown(() => nats.stop());
  const store = await storeIn(t);
  const lines: string[] = [];
  const settings = { source: 'kes://test', leaseMs: LEASE_MS, log: (line: string) => lines.push(line) };
  await appendNodeEvents(store, 40);
  const first = await relayOn(store, nats.url, settings, t);
  await until('the first relay publishes', async () => (await streamPositions(nats.url)).length > 0);
  await relayOn(store, nats.url, settings, t);
  await appendNodeEvents(store, 40);
  await until('all 80 on the stream', async () => (await streamPositions(nats.url)).length >= 80);

  await first.stop();
  await appendNodeEvents(store, 40);
  await until('the second relay takes over within the lease', async () => (await streamPositions(nats.url)).length >= 120, LEASE_MS * 3 + 5_000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.true(everyOnce(await streamPositions(nats.url), await store.headPosition()), 'each stored event once, positions 1..head in order');
  t.deepEqual(lines.filter((line) => /another publisher/.test(line)), [], 'only the lease holder published');
});

test('a relay that loses NATS goes on after nats-server comes back with its store: nothing lost, nothing doubled', async (t) => {
  const kept = tempDir('kes-nats-kept-');
  t.teardown(() => kept.remove());
  const nats = await startNatsServer({ storeDir: kept.path });
  const store = await storeIn(t);
  await relayOn(store, nats.url, { source: 'kes://test', leaseMs: LEASE_MS, log: () => undefined }, t);
  await appendNodeEvents(store, 30);
  await until('30 on the stream', async () => (await streamPositions(nats.url)).length === 30);

  await nats.stop();
  await appendNodeEvents(store, 30);
  const again = await startNatsServer({ port: nats.port, storeDir: nats.storeDir });
  t.teardown(() => again.stop());
  await appendNodeEvents(store, 30);
  await until('all 90 on the stream', async () => (await streamPositions(again.url)).length >= 90, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.true(everyOnce(await streamPositions(again.url), await store.headPosition()));
});

test('what every node may not read stays off the stream: ConfigMap and Secret data, the hashes of credentials', async (t) => {
  const nats = await startNatsServer();
  t.teardown(() => nats.stop());
  const store = await storeIn(t);
  const meta = { name: 'settings', namespace: 'default', uid: 'u1', labels: {}, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"mode":"fast"}}' }, ownerReferences: [] };
  await store.append('configmap-default.settings', [{ id: randomUUID(), type: 'ConfigMapCreated', data: { meta, data: { mode: 'fast' }, binaryData: {} }, metadata }], 'any');
  await store.append('node-w1', [{ id: randomUUID(), type: 'NodeCredentialIssued', data: { name: 'w1', credentialHash: 'sha256:secret-hash', bootstrapTokenId: 'abcdef' }, metadata }], 'any');
  await relayOn(store, nats.url, { source: 'kes://test', log: () => undefined }, t);
  await until('both on the stream', async () => (await streamPositions(nats.url)).length === 2);
  const [configMap, credential] = (await streamMessages(nats.url)).map((m) => m.json<Record<string, unknown>>());
  t.deepEqual(configMap.data, {});
  t.deepEqual((configMap.meta as { annotations: object }).annotations, {});
  t.is((configMap.meta as { name: string }).name, 'settings', 'the object itself is still named');
  t.is(credential.credentialHash, '<redacted>');
});

test('a follower whose start the stream no longer keeps relists the missing events from the API server, then follows the stream: every event once, in order', async (t) => {
  const nats = await startNatsServer();
  t.teardown(() => nats.stop());
  const store = await storeIn(t);
  await appendNodeEvents(store, 30);
  await relayOn(store, nats.url, { source: 'kes://test', log: () => undefined }, t);
  await until('30 on the stream', async () => (await streamPositions(nats.url)).length === 30);
  const nc = await connect({ servers: nats.url });
  t.teardown(() => nc.close());
  await (await nc.jetstreamManager()).streams.purge('KES_EVENTS', { seq: 21 }); // the stream now keeps positions 21… only
  const relisted: number[][] = [];
  const earlier = async (after: number, before: number) => {
    relisted.push([after, before]);
    return (await store.readAll(after, 1_000)).filter((e) => e.position < before);
  };
  const followed = firstValueFrom(new NatsEventFeed(nc, earlier).follow(5).pipe(take(35), toArray(), timeout(10_000)));
  await appendNodeEvents(store, 10);
  t.deepEqual((await followed).map((e) => e.position), Array.from({ length: 35 }, (_, i) => i + 6));
  t.deepEqual(relisted, [[5, 21]], 'positions 6 to 20 came from the API server, once');
});
