import test from 'ava';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from '../../application/ports/event-store.js';
import { controlPlaneContainer, SECRET_KEY_DIR, STORE_FILE } from '../../apps/control-plane/container.js';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { ensureOwnerOnlyDirectory } from '../../infrastructure/system/owner-only.js';
import { event, streamName } from '../contract/event-store-fixtures.js';
import { tempDir } from '../support/tmp.js';

/** The data directory holds the whole log, keys and credentials: 0700, its store files 0600, whatever the umask. */

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
const storeFiles = (dir: string) => readdirSync(dir).filter((f) => f.startsWith(STORE_FILE)).sort();

// The loosest umask: what the code sets must not depend on the umask narrowing it.
let umask: number;
test.before(() => (umask = process.umask(0)));
test.after.always(() => process.umask(umask));

test('the store kesadm init and npm start open is 0600, with its -wal and -shm files', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const container = controlPlaneContainer(join(dir.path, STORE_FILE), join(dir.path, SECRET_KEY_DIR));
  const store = container.get<EventStore>(EventStore);
  t.teardown(() => store.close());
  await store.append(streamName('pod'), [event('E')], 'any');

  t.deepEqual(storeFiles(dir.path), [STORE_FILE, `${STORE_FILE}-shm`, `${STORE_FILE}-wal`]);
  for (const file of storeFiles(dir.path)) t.is(modeOf(join(dir.path, file)), '600', file);
  t.is(modeOf(join(dir.path, SECRET_KEY_DIR)), '700');
});

test('a store whose files were left readable by others is made 0600 when it is opened', async (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const file = join(dir.path, STORE_FILE);
  await SqliteEventStore.open(file).close();
  writeFileSync(`${file}-wal`, '');
  writeFileSync(`${file}-shm`, '');
  for (const name of storeFiles(dir.path)) chmodSync(join(dir.path, name), 0o644);

  const store = SqliteEventStore.open(file);
  t.teardown(() => store.close());

  for (const name of storeFiles(dir.path)) t.is(modeOf(join(dir.path, name)), '600', name);
});

test('the data directory is made 0700, and tightened to 0700 when it already existed looser', (t) => {
  const dir = tempDir();
  t.teardown(dir.remove);
  const fresh = join(dir.path, 'new', 'kes');
  const existing = join(dir.path, 'existing');
  mkdirSync(existing, { mode: 0o755 });

  ensureOwnerOnlyDirectory(fresh);
  ensureOwnerOnlyDirectory(existing);

  t.is(modeOf(fresh), '700');
  t.is(modeOf(existing), '700');
});
