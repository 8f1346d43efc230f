import { admitting } from '../../application/commands/admission.js';
import type { ProjectionSnapshots } from '../../application/ports/projection-snapshots.js';
import { PastReadModels } from '../../application/queries/past-models.js';
import { ADMIN } from '../../application/commands/authorize.js';
import { commandHandler } from '../../application/commands/handle-command.js';
import { ReadModels } from '../../application/projections/read-models.js';
import { RECENT_CHANGES_KEPT } from '../../application/projections/recent-changes.js';
import { caughtUp } from '../../application/projections/wait-for.js';
import type { Command } from '../../domain/shared/event.js';
import type { ApiDeps } from '../../adapters/http/api-deps.js';
import { buildApiServer } from '../../adapters/http/server.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { NodeCredentials } from '../../infrastructure/crypto/node-credentials.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { InMemoryHeartbeats } from '../../infrastructure/heartbeats/in-memory-heartbeats.js';
import { MemoryEventStore } from '../../infrastructure/memory/memory-event-store.js';
import { FileSecretKeyStore } from '../../infrastructure/crypto/file-secret-keys.js';
import { FileJwtSigner } from '../../infrastructure/crypto/jwt-signer.js';
import { shredDeletedSecrets } from '../../application/secrets/sealed-secrets.js';
import { join } from 'node:path';
import { tempDir } from './tmp.js';
import { auditSink } from '../../application/audit/audit-sink.js';
import { RefusalAggregator } from '../../application/audit/refusal-aggregator.js';
import { systemTimers } from '../../application/ports/timers.js';
import { AUDIT_CATEGORY } from '../../domain/audit/audit.js';
import { streamCategory } from '../../domain/shared/event.js';
import type { EventStore } from '../../application/ports/event-store.js';

/** Windows of refusals end when a test says (`api.refusals.flush()`), never on a timer: no test leans on timing. */
const TEST_AUDIT_WINDOW = { windowMs: 3_600_000, maxKeysPerWindow: 50 };

/**
 * The position of the last change to the cluster: the last event outside the audit streams. Refused requests are
 * recorded there (after their answer), so "nothing appended" means nothing but that record.
 */
export async function clusterHead(store: EventStore): Promise<number> {
  let head = 0;
  for (let after = 0; ; ) {
    const page = await store.readAll(after, 10_000);
    if (page.length === 0) return head;
    for (const e of page) if (streamCategory(e.stream) !== AUDIT_CATEGORY) head = e.position;
    after = page.at(-1)!.position;
  }
}

export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

/**
 * An API server with an initialized cluster, driven by fastify.inject (no sockets), on a memory store unless
 * `extra.store` is given (the caller closes it); `extra` also adds optional deps (a fake KubeletLogs), and
 * `recentChanges` sets how many changes the read models keep for watches (as the API server's do, unless given).
 */
export async function apiHarness({ recentChanges = RECENT_CHANGES_KEPT, ...extra }: Partial<Pick<ApiDeps, 'kubeletLogs' | 'store'>> & { recentChanges?: number; snapshots?: ProjectionSnapshots; initialized?: boolean } = {}) {
  const store = extra.store ?? new MemoryEventStore();
  const ids = new UuidIds();
  const clock = new SystemClock();
  const credentials = new NodeCredentials();
  const models = new ReadModels({ recentChanges });
  const heartbeats = new InMemoryHeartbeats();
  const keyDir = tempDir();
  const secretKeys = new FileSecretKeyStore(join(keyDir.path, 'secret-keys'));
  const shredding = shredDeletedSecrets(models, secretKeys, () => undefined);
  const serviceAccountTokens = new FileJwtSigner(join(keyDir.path, 'service-account.key'));
  const subscription = store.subscribe(0).subscribe((e) => models.apply(e));
  const handle = admitting(models, commandHandler(store, ids));
  const admin = async (type: string, data: object) => {
    const handled = await handle({ type, data, metadata: { commandId: ids.newId(), actor: ADMIN, at: clock.now() } } as Command);
    await caughtUp(models, handled.position);
    return handled;
  };
  // A store that already holds a cluster (a restored one) is read to its head instead.
  if (extra.initialized) await caughtUp(models, await store.headPosition());
  else await admin('InitializeCluster', { clusterName: 'kes', apiEndpoint: 'https://127.0.0.1:6443', adminTokenHash: credentials.hash(ADMIN_TOKEN), kubernetesVersion: 'v1.32.0' });
  const refusals = new RefusalAggregator(auditSink(handle, ids, clock), clock, systemTimers, TEST_AUDIT_WINDOW);
  const app = buildApiServer({
    models, store, past: new PastReadModels(store, extra.snapshots), handle, credentials, ids, clock, heartbeats, secretKeys, kubernetesVersion: 'v1.32.0', refusals, serviceAccountTokens,
    ...(extra.kubeletLogs ? { kubeletLogs: extra.kubeletLogs } : {}),
  });
  await app.ready();
  const request = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
      payload: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    store, models, heartbeats, credentials, secretKeys, handle, admin, request, app, refusals, serviceAccountTokens,
    /** The last change to the cluster, audit records left out (see clusterHead). */
    clusterHead: () => clusterHead(store),
    /** Every refusal so far recorded and applied to the read models: the store's head, which the models have reached. */
    settled: async () => {
      await refusals.flush();
      const head = await store.headPosition();
      await caughtUp(models, head);
      return head;
    },
    close: async () => {
      subscription.unsubscribe();
      shredding.unsubscribe();
      await app.close();
      keyDir.remove();
    },
  };
}
