import 'reflect-metadata';
import { Container } from 'inversify';
import { Clock } from '../../application/ports/clock.js';
import { EventBus } from '../../application/ports/event-bus.js';
import { EventStore } from '../../application/ports/event-store.js';
import { Heartbeats } from '../../application/ports/heartbeats.js';
import { Credentials, IdGenerator } from '../../application/ports/ids.js';
import { ReadModels } from '../../application/projections/read-models.js';
import { RECENT_CHANGES_KEPT } from '../../application/projections/recent-changes.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { NodeCredentials } from '../../infrastructure/crypto/node-credentials.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { InMemoryHeartbeats } from '../../infrastructure/heartbeats/in-memory-heartbeats.js';
import { InProcessEventBus } from '../../infrastructure/inprocess/inprocess-event-bus.js';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { FileSecretKeyStore } from '../../infrastructure/crypto/file-secret-keys.js';
import { FileJwtSigner } from '../../infrastructure/crypto/jwt-signer.js';
import { TokenSigner } from '../../application/ports/token-signer.js';
import { dirname, join } from 'node:path';
import { SecretKeyStore } from '../../application/ports/secret-keys.js';
import { ProjectionSnapshots } from '../../application/ports/projection-snapshots.js';
import { FileProjectionSnapshots } from '../../infrastructure/snapshots/file-projection-snapshots.js';

export const STORE_FILE = 'kes.db';
/** Projection snapshots, beside the log: derived data, rebuilt from it when missing. */
export const SNAPSHOT_DIR = 'snapshots';
/** Per-secret keys live beside the log, never in it: deleting a secret deletes its key file. */
export const SECRET_KEY_DIR = 'secret-keys';
/** The key that signs ServiceAccount tokens, beside the secret keys: losing it ends every token it signed. */
export const SERVICE_ACCOUNT_KEY_FILE = 'service-account.key';

/**
 * The embedded master: SQLite store, in-process bus, in-memory leases (unless others are given: EventStoreDB, NATS
 * heartbeats) and read models; with `snapshotDir`, projection snapshots kept there.
 */
export function controlPlaneContainer(storeFile: string, secretKeyDir: string, overrides: Readonly<{ heartbeats?: Heartbeats; store?: EventStore; snapshotDir?: string }> = {}): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind<EventStore>(EventStore).toConstantValue(overrides.store ?? SqliteEventStore.open(storeFile));
  container.bind<EventBus>(EventBus).toConstantValue(new InProcessEventBus());
  container.bind<Clock>(Clock).toConstantValue(new SystemClock());
  container.bind<IdGenerator>(IdGenerator).toConstantValue(new UuidIds());
  container.bind<Credentials>(Credentials).toConstantValue(new NodeCredentials());
  container.bind<Heartbeats>(Heartbeats).toConstantValue(overrides.heartbeats ?? new InMemoryHeartbeats());
  container.bind<SecretKeyStore>(SecretKeyStore).toConstantValue(new FileSecretKeyStore(secretKeyDir));
  container.bind<TokenSigner>(TokenSigner).toConstantValue(new FileJwtSigner(join(dirname(secretKeyDir), SERVICE_ACCOUNT_KEY_FILE)));
  // The API server's read models keep the recent changes its watches start from.
  container.bind(ReadModels).toDynamicValue(() => new ReadModels({ recentChanges: RECENT_CHANGES_KEPT }));
  if (overrides.snapshotDir) container.bind<ProjectionSnapshots>(ProjectionSnapshots).toConstantValue(new FileProjectionSnapshots(overrides.snapshotDir));
  return container;
}
