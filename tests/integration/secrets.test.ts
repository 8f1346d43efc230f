import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandHandler } from '../../application/commands/handle-command.js';
import { SecretKeyDestroyed } from '../../application/ports/secret-keys.js';
import { ReadModels } from '../../application/projections/read-models.js';
import { openSecret, sealedSecret, shredDeletedSecrets } from '../../application/secrets/sealed-secrets.js';
import type { Command } from '../../domain/shared/event.js';
import { FileSecretKeyStore } from '../../infrastructure/crypto/file-secret-keys.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { eventually } from '../support/processes.js';
import { tempDir } from '../support/tmp.js';

const VALUE = 'correct-horse-battery-staple-42';

test('a secret’s value never reaches the SQLite file; deleting the secret destroys its key for good', async (t) => {
  const dir = tempDir();
  const file = join(dir.path, 'kes.db');
  const store = SqliteEventStore.open(file);
  const keys = new FileSecretKeyStore(join(dir.path, 'secret-keys'));
  t.teardown(async () => {
    await store.close();
    dir.remove();
  });
  const ids = new UuidIds();
  const models = new ReadModels();
  const shredding = shredDeletedSecrets(models, keys, (e) => t.fail(String(e)));
  t.teardown(() => shredding.unsubscribe());
  const following = store.subscribe(0).subscribe((e) => models.apply(e));
  t.teardown(() => following.unsubscribe());
  const handle = commandHandler(store, ids);
  const send = (type: string, data: object) =>
    handle({ type, data, metadata: { commandId: ids.newId(), actor: 'kubernetes-admin', at: new Date().toISOString() } } as Command);

  const meta = { name: 'db-password', namespace: 'default', uid: ids.newId(), labels: {}, annotations: {}, ownerReferences: [] };
  const data = await sealedSecret(keys, meta, 'Opaque', { password: VALUE });
  await send('CreateSecret', data);
  await eventually(() => models.secrets.has('default.db-password'), Boolean);
  t.deepEqual(await openSecret(keys, models.secrets.get('default.db-password')!), { password: VALUE });

  const onDisk = ['', '-wal'].filter((suffix) => existsSync(file + suffix)).map((suffix) => readFileSync(file + suffix)).map((b) => b.toString('latin1')).join('');
  t.true(onDisk.includes('db-password'), 'the secret itself is in the log');
  t.false(onDisk.includes(VALUE), 'its value is not, in plain text');
  t.false(onDisk.includes(Buffer.from(VALUE).toString('base64')), 'nor in base64');

  const secret = models.secrets.get('default.db-password')!;
  await send('DeleteSecret', { namespace: 'default', name: 'db-password' });
  await eventually(() => existsSync(join(dir.path, 'secret-keys', `${secret.keyId}.key`)), (exists) => !exists);
  await t.throwsAsync(openSecret(keys, secret), { instanceOf: SecretKeyDestroyed });
  const history = await store.readStream('secret-default.db-password');
  t.deepEqual(history.map((e) => e.type), ['SecretCreated', 'SecretDeleted'], 'history keeps that it existed');
  t.truthy((history[0].data as { encryptedData: { password: string } }).encryptedData.password, 'as ciphertext only');
});
