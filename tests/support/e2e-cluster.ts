import type { ExecutionContext } from 'ava';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '../../domain/shared/event.js';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { startNatsServer, type NatsServerOptions } from './nats-server.js';
import { startProcess, stopCluster, type Running } from './processes.js';
import { tempDir } from './tmp.js';

/**
 * The processes of one e2e test in a temporary directory: each started with `start` is stopped (by pid) at
 * teardown, what pods they left are reaped, and the directory removed — also when the test fails.
 */
export function e2eCluster(t: ExecutionContext) {
  const dir = tempDir();
  const started: Running[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  t.teardown(async () => {
    await stopCluster(started, dir);
    for (const cleanup of cleanups) await cleanup();
  });
  const start = (...args: Parameters<typeof startProcess>) => {
    const running = startProcess(...args);
    started.push(running);
    return running;
  };
  /** A nats-server for this test, stopped after the processes; `restart` brings it back on its port and store. */
  const nats = async (options: NatsServerOptions = {}) => {
    // Its store is in the test's directory, so it outlives a stop (to restart with its streams) and goes with the directory.
    const storeDir = options.storeDir ?? join(dir.path, `nats-store-${cleanups.length}`);
    mkdirSync(storeDir, { recursive: true });
    let server = await startNatsServer({ ...options, storeDir });
    cleanups.push(() => server.stop());
    return {
      get url() {
        return server.url;
      },
      restart: async () => {
        await server.stop();
        server = await startNatsServer({ ...options, port: server.port, storeDir });
      },
    };
  };
  return { dir: dir.path, start, nats };
}

/** Every event of a stopped master's SQLite log, in position order. */
export async function storedEvents(dataDir: string): Promise<RecordedEvent[]> {
  const store = SqliteEventStore.open(join(dataDir, 'kes.db'));
  try {
    return await store.readAll(0, 1_000_000);
  } finally {
    await store.close();
  }
}
