import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { commandHandler } from '../../application/commands/handle-command.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { ProjectionSnapshots } from '../../application/ports/projection-snapshots.js';
import type { ReadModels } from '../../application/projections/read-models.js';
import { PastReadModels } from '../../application/queries/past-models.js';
import { buildApiServer } from '../../adapters/http/server.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { FileSecretKeyStore } from '../../infrastructure/crypto/file-secret-keys.js';
import { NodeCredentials } from '../../infrastructure/crypto/node-credentials.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { InMemoryHeartbeats } from '../../infrastructure/heartbeats/in-memory-heartbeats.js';

export const HISTORY_ADMIN_TOKEN = 'history-bench-admin-token-0123456789abcdef';
export const historyAdminTokenHash = () => new NodeCredentials().hash(HISTORY_ADMIN_TOKEN);

export type HistoryApi = Readonly<{ origin: string; get: (path: string) => Promise<{ status: number; body: string }>; close: () => Promise<void> }>;

/**
 * The API server over a built history, on a loopback port, serving the live read models given and the past from
 * `snapshots` (none: every past point is replayed from the first event). Reads only: its handler is there for the
 * routes that need one.
 */
export async function historyApi(dir: string, store: EventStore, models: ReadModels, snapshots?: ProjectionSnapshots): Promise<HistoryApi> {
  const ids = new UuidIds();
  const app: FastifyInstance = buildApiServer({
    models, store, past: new PastReadModels(store, snapshots), handle: commandHandler(store, ids), ids, clock: new SystemClock(),
    credentials: new NodeCredentials(), heartbeats: new InMemoryHeartbeats(), secretKeys: new FileSecretKeyStore(join(dir, 'secret-keys')),
    kubernetesVersion: 'v1.32.0',
  });
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  const get = async (path: string) => {
    const response = await fetch(origin + path, { headers: { authorization: `Bearer ${HISTORY_ADMIN_TOKEN}` } });
    return { status: response.status, body: await response.text() };
  };
  return { origin, get, close: () => app.close() };
}
