/**
 * A child process for the crash test: `node sqlite-append-child.js <file>` appends to the SQLite event
 * store in 16 concurrent loops (one stream each) until it is killed, and prints one JSON line per
 * acknowledged append: { stream, ids, revision, position }.
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';

const LOOPS = 16;
const SELF_DESTRUCT_MS = 60_000; // never outlive a test runner that died without killing us

async function appendLoop(store: SqliteEventStore, loop: number): Promise<never> {
  const stream = `crash-loop${loop}`;
  for (let revision = -1, n = 0; ; n++) {
    const events = Array.from({ length: 1 + (n % 3) }, () => {
      const id = randomUUID();
      const metadata = { actor: 'crash-test', commandId: id, correlationId: id, causationId: id, at: new Date(0).toISOString(), schemaVersion: 1 };
      return { id, type: 'Appended', data: { loop, n }, metadata };
    });
    const result = await store.append(stream, events, revision);
    if (!result.ok) throw new Error(`loop ${loop}: unexpected conflict ${JSON.stringify(result)}`);
    revision = result.revision;
    const ack = { stream, ids: events.map((e) => e.id), revision: result.revision, position: result.position };
    process.stdout.write(`${JSON.stringify(ack)}\n`);
  }
}

const file = process.argv[2];
if (!file) throw new Error('usage: sqlite-append-child.js <database file>');
setTimeout(() => process.exit(2), SELF_DESTRUCT_MS).unref();
const store = SqliteEventStore.open(file);
process.stdout.write('ready\n');
await Promise.all(Array.from({ length: LOOPS }, (_, loop) => appendLoop(store, loop)));
