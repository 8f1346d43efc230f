import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { exportLines } from '../../application/export/export-lines.js';
import { checkExport, importExport } from '../../application/export/import-export.js';
import { textLines } from '../../application/export/text-lines.js';
import type { EventStore } from '../../application/ports/event-store.js';
import { SqliteBulkImport } from '../../infrastructure/sqlite/sqlite-bulk-import.js';

const sha256 = () => createHash('sha256');

export type Rate = Readonly<{ events: number; seconds: number; perSecond: number }>;
const rate = (events: number, start: number): Rate => {
  const seconds = (performance.now() - start) / 1000;
  return { events, seconds, perSecond: events / seconds };
};

/** `kesctl export`'s work on the API server's side: the whole log as export lines, written to `file`. */
export async function exportTo(store: EventStore, file: string): Promise<Rate & { bytes: number }> {
  const start = performance.now();
  const out = createWriteStream(file);
  let events = -2; // the header and the trailer are lines too
  for await (const chunk of exportLines(store, 'kes', {}, sha256)) {
    events += chunk.split('\n').length - 1;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { ...rate(events, start), bytes: statSync(file).size };
}

/** `kesadm restore`'s work: the whole file checked, then imported into a new SQLite store; timed apart. */
export async function restoreFrom(file: string, storeFile: string): Promise<{ check: Rate; import: Rate }> {
  const lines = () => textLines(createReadStream(file));
  let start = performance.now();
  const checked = await checkExport(lines, sha256);
  const check = rate(checked.trailer.count, start);
  start = performance.now();
  const importer = SqliteBulkImport.create(storeFile);
  try {
    const count = await importExport(lines, sha256, checked, (events) => importer.write(events));
    return { check, import: rate(count, start) };
  } finally {
    importer.close();
  }
}
