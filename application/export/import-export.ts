import type { RecordedEvent } from '../../domain/shared/event.js';
import type { RunningHash } from './export-format.js';
import { ExportRefused, ExportValidator, type CheckedExport } from './export-validator.js';

const BATCH = 10_000;

/** The lines of an export, read again from the start each time this is called (a file is read twice: checked, then imported). */
export type ExportSource = () => AsyncIterable<string>;

/** Checks a whole export without writing anything; `seen` is shown each event. ExportRefused names the line of the first problem. */
export async function checkExport(source: ExportSource, sha256: () => RunningHash, seen: (event: RecordedEvent) => void = () => undefined): Promise<CheckedExport> {
  const validator = new ExportValidator(sha256);
  for await (const line of source()) {
    const event = validator.line(line);
    if (event) seen(event);
  }
  return validator.end();
}

/**
 * Imports a checked export of a whole log into `write` (a new store), in batches: read and checked again as it goes,
 * so a file changed since it was checked stops the import (the caller then removes what was written).
 */
export async function importExport(
  source: ExportSource,
  sha256: () => RunningHash,
  checked: CheckedExport,
  write: (events: readonly RecordedEvent[]) => void,
): Promise<number> {
  if (checked.header.since !== 1)
    throw new ExportRefused(1, `the export starts at position ${checked.header.since}: only a whole log (kesctl export without --since) can be restored`);
  const validator = new ExportValidator(sha256);
  let batch: RecordedEvent[] = [];
  for await (const line of source()) {
    const event = validator.line(line);
    if (!event) continue;
    batch.push(event);
    if (batch.length === BATCH) {
      write(batch);
      batch = [];
    }
  }
  const again = validator.end();
  if (again.trailer.sha256 !== checked.trailer.sha256) throw new ExportRefused(again.lines, 'the file changed while it was restored');
  write(batch);
  return again.trailer.count;
}
