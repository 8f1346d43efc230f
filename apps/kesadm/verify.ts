import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyHistory } from '../../application/verification/verify-history.js';
import type { VerifyOptions } from '../../adapters/cli/kesadm/program.js';
import { SnapshotFiles } from '../../infrastructure/snapshots/snapshot-files.js';
import { SqliteLogReader } from '../../infrastructure/sqlite/sqlite-log-reader.js';
import { SNAPSHOT_DIR, STORE_FILE } from '../control-plane/container.js';
import { KesadmError } from './master.js';

/**
 * `kesadm verify`: the log of D/kes.db checked (positions, revisions, ids) and every projection rebuilt from zero and
 * compared with each snapshot in D/snapshots; each difference printed. Opens the log read-only, so the cluster may
 * be running. Resolves to the exit code: 0 when all is well, 1 on any problem or difference.
 */
export async function verify(o: VerifyOptions, print: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const file = join(o.dataDir, STORE_FILE);
  if (!existsSync(file)) throw new KesadmError(`${o.dataDir} holds no event store (${STORE_FILE}): give the data directory of a cluster made by kesadm init or restore`);
  const store = SqliteLogReader.open(file);
  const snapshots = new SnapshotFiles(join(o.dataDir, SNAPSHOT_DIR));
  const out = (line: string) => print(`${line}\n`);
  try {
    for (const layout of snapshots.otherLayouts()) out(`snapshots in ${join(o.dataDir, SNAPSHOT_DIR, layout)} were made by other projection code: not compared`);
    const started = performance.now();
    const report = await verifyHistory(store, snapshots, out);
    const seconds = (performance.now() - started) / 1000;
    const problems = report.logProblems + report.differences;
    out(
      `${problems === 0 ? 'ok' : 'FAILED'}: ${report.events} events checked, every projection rebuilt from zero, ${report.snapshotsCompared} snapshots compared; ` +
        `${report.logProblems} log problems, ${report.differences} differences (${seconds.toFixed(1)} s, ${Math.round(report.events / Math.max(seconds, 1e-3))} events/s)`,
    );
    return problems === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}
