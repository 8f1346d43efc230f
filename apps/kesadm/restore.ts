import { createHash, randomUUID } from 'node:crypto';
import { cpSync, createReadStream, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN } from '../../application/commands/authorize.js';
import { commandHandler } from '../../application/commands/handle-command.js';
import { checkExport, importExport, type ExportSource } from '../../application/export/import-export.js';
import { ExportRefused } from '../../application/export/export-validator.js';
import { textLines } from '../../application/export/text-lines.js';
import type { Command } from '../../domain/shared/event.js';
import type { RestoreOptions } from '../../adapters/cli/kesadm/program.js';
import { writeKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { SystemClock } from '../../infrastructure/clock/system-clock.js';
import { NodeCredentials } from '../../infrastructure/crypto/node-credentials.js';
import { UuidIds } from '../../infrastructure/crypto/uuid-ids.js';
import { SqliteBulkImport } from '../../infrastructure/sqlite/sqlite-bulk-import.js';
import { SqliteEventStore } from '../../infrastructure/sqlite/sqlite-event-store.js';
import { ensureOwnerOnlyDirectory } from '../../infrastructure/system/owner-only.js';
import { SECRET_KEY_DIR, STORE_FILE } from '../control-plane/container.js';
import { ADMIN_KUBECONFIG, clusterPki, holdsCluster, KesadmError, MASTER_FILE, serverOf, type MasterConfig } from './master.js';

const sha256 = () => createHash('sha256');
const fileLines = (file: string): ExportSource => () => textLines(createReadStream(file));

/** The export checked whole before anything is written; a problem is refused with the file's line number. */
async function checkedExport(file: string, seen: (type: string) => void) {
  if (!existsSync(file)) throw new KesadmError(`${file} does not exist: give --from the file \`kesctl export -f FILE\` wrote`);
  try {
    return await checkExport(fileLines(file), sha256, (event) => seen(event.type));
  } catch (error) {
    if (error instanceof ExportRefused) throw new KesadmError(`${file} cannot be restored, ${error.message}; nothing was written`);
    throw error;
  }
}

/** A new admin token, its hash recorded by an AdminTokenReplaced appended after the restored events: the old token stops working. */
async function replaceAdminToken(storeFile: string): Promise<string> {
  const credentials = new NodeCredentials();
  const token = credentials.randomToken(48);
  const store = SqliteEventStore.open(storeFile);
  try {
    const command = { type: 'ReplaceAdminToken', data: { adminTokenHash: credentials.hash(token) }, metadata: { commandId: randomUUID(), actor: ADMIN, at: new SystemClock().now() } };
    await commandHandler(store, new UuidIds())(command as Command);
  } finally {
    await store.close();
  }
  return token;
}

/**
 * `kesadm restore --from FILE --data-dir D`: checks the whole export, then writes D/kes.db with its events (same ids,
 * positions and order), a new admin credential (D/admin.kubeconfig, with a new cluster CA in D/pki) and D/master.json,
 * so `kesadm start --data-dir D` runs the restored cluster. Secret keys are copied from --secret-keys-from. On any
 * failure what was made is removed (D itself, when restore created it).
 */
export async function restore(o: RestoreOptions): Promise<void> {
  if (holdsCluster(o.dataDir)) throw new KesadmError(`${o.dataDir} already holds a cluster: restore into a new data directory`);
  if (o.secretKeysFrom && !existsSync(o.secretKeysFrom)) throw new KesadmError(`--secret-keys-from ${o.secretKeysFrom} does not exist: give the old data directory's ${SECRET_KEY_DIR}`);
  let secrets = 0;
  const checked = await checkedExport(o.from, (type) => void (type === 'SecretCreated' && secrets++));
  if (checked.header.since !== 1) throw new KesadmError(`${o.from} starts at position ${checked.header.since}: only an export of the whole log (no --since) can be restored`);
  const started = performance.now();
  const created = !existsSync(o.dataDir);
  const made: string[] = [];
  try {
    ensureOwnerOnlyDirectory(o.dataDir);
    const storeFile = join(o.dataDir, STORE_FILE);
    made.push(storeFile, `${storeFile}-wal`, `${storeFile}-shm`);
    const importer = SqliteBulkImport.create(storeFile);
    let count: number;
    try {
      count = await importExport(fileLines(o.from), sha256, checked, (events) => importer.write(events));
    } finally {
      importer.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const token = await replaceAdminToken(storeFile);
    const master: MasterConfig = { nodeName: o.nodeName, singleNode: o.singleNode, apiPort: o.apiPort, bindAddress: '127.0.0.1', advertiseAddress: '127.0.0.1' };
    made.push(join(o.dataDir, 'pki'), join(o.dataDir, MASTER_FILE), join(o.dataDir, ADMIN_KUBECONFIG), join(o.dataDir, SECRET_KEY_DIR));
    const pki = await clusterPki(o.dataDir, master.advertiseAddress, master.bindAddress);
    writeFileSync(join(o.dataDir, MASTER_FILE), JSON.stringify(master, null, 2), { mode: 0o600 });
    const kubeconfig = join(o.dataDir, ADMIN_KUBECONFIG);
    writeKubeconfig(kubeconfig, { server: serverOf(master), token, clusterName: checked.header.cluster || 'kes', userName: 'kubernetes-admin', caData: pki.caCert });
    ensureOwnerOnlyDirectory(join(o.dataDir, SECRET_KEY_DIR));
    if (o.secretKeysFrom) cpSync(o.secretKeysFrom, join(o.dataDir, SECRET_KEY_DIR), { recursive: true });
    process.stdout.write(
      `restored ${count} events (positions 1-${checked.trailer.lastPosition}) into ${storeFile} in ${seconds.toFixed(1)} s (${Math.round(count / Math.max(seconds, 1e-3))} events/s)\n` +
        `a new admin credential is in ${kubeconfig}; the old admin token no longer works\n` +
        (o.secretKeysFrom
          ? `secret keys copied from ${o.secretKeysFrom} (${readdirSync(o.secretKeysFrom).length} keys)\n`
          : secrets > 0 ? `Secret values cannot be read: their keys were not given (--secret-keys-from OLD_DATA_DIR/${SECRET_KEY_DIR}); the log keeps only their ciphertext\n` : '') +
        `run it with: kesadm start --data-dir ${o.dataDir}\n`,
    );
  } catch (error) {
    if (created) rmSync(o.dataDir, { recursive: true, force: true });
    else for (const path of made) rmSync(path, { recursive: true, force: true });
    throw error;
  }
}
