import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import type { EventStore } from '../../application/ports/event-store.js';
import { nodeStream } from '../../domain/node/node.js';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { inParallel, runClients, type LoadResult } from './load.js';
import { benchNodeName, nodeEvent, ownStreams } from './node-events.js';

/**
 * `clients` closed-loop clients, each appending one-event commands (with the expected revision, as
 * the command handler does) to its own node streams and awaiting each append before the next.
 */
export function appendLoad(store: EventStore, clients: number, durationMs: number, prefix: string): Promise<LoadResult> {
  const next = ownStreams(clients, prefix);
  return runClients(clients, durationMs, async (client, iteration) => {
    const { name, revision } = next(client, iteration);
    const result = await store.append(nodeStream(name), [nodeEvent(name, revision)], revision - 1);
    if (!result.ok || result.revision !== revision)
      throw new Error(`append to ${nodeStream(name)} at revision ${revision} gave ${JSON.stringify(result)}`);
  });
}

export const NODES = 1000;
export const BATCH = 100;
/** Appends in flight while building: the group commit writes them in transactions of up to 25,600 events. */
const IN_FLIGHT = 256;

/**
 * Fills `store` with `total` events over min(1000, total) node streams: each stream starts with
 * NodeRegistered, then its changes arrive in batches of BATCH, round robin over the nodes. Large
 * transactions matter: each one dirties pages all over the random-UUID `id` index, so fewer, bigger
 * ones write far less (8 appends of 250 in flight took twice as long for 1M events).
 */
export async function buildDataset(store: EventStore, total: number): Promise<{ nodes: number; seconds: number }> {
  const nodes = Math.min(NODES, total);
  const perNode = (node: number) => Math.floor(total / nodes) + (node < total % nodes ? 1 : 0);
  const rounds = Math.ceil(perNode(0) / BATCH);
  const previous = new Map<number, Promise<unknown>>(); // a node's next batch waits for its last one
  const start = performance.now();
  await inParallel(rounds * nodes, IN_FLIGHT, async (task) => {
    const node = task % nodes;
    const from = Math.floor(task / nodes) * BATCH;
    const to = Math.min(perNode(node), from + BATCH);
    if (from >= to) return;
    const name = benchNodeName(node);
    const batch = Array.from({ length: to - from }, (_, i) => nodeEvent(name, from + i));
    await previous.get(node);
    const appended = store.append(nodeStream(name), batch, from - 1);
    previous.set(node, appended);
    const result = await appended;
    if (!result.ok) throw new Error(`building the data set: append to ${nodeStream(name)} gave ${JSON.stringify(result)}`);
  });
  return { nodes, seconds: (performance.now() - start) / 1000 };
}

/** Reads the whole log in pages of `pageSize`, handing each event to `onEvent`. */
export async function readWholeLog(
  store: EventStore,
  pageSize: number,
  onEvent: (event: RecordedEvent) => void = () => {},
): Promise<{ events: number; seconds: number }> {
  const start = performance.now();
  let after = 0;
  let events = 0;
  for (;;) {
    const page = await store.readAll(after, pageSize);
    if (page.length === 0) break;
    for (const event of page) onEvent(event);
    events += page.length;
    after = page[page.length - 1]!.position;
  }
  return { events, seconds: (performance.now() - start) / 1000 };
}

/**
 * How fast this thread parses the first `count` records of the log file as they are stored (JSON text),
 * and nothing else: the ceiling of read-all, which must decode every event on the thread that reads it.
 * The best of 3 rounds.
 */
export function jsonParseRate(file: string, count: number): number {
  const db = new Database(file, { readonly: true });
  const texts = db.prepare<[number], string>('SELECT record FROM events ORDER BY position LIMIT ?').pluck().all(count);
  db.close();
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    for (const text of texts) JSON.parse(text);
    best = Math.max(best, texts.length / ((performance.now() - start) / 1000));
  }
  return best;
}
