import type { EventStore } from '../ports/event-store.js';
import {
  EXPORT_END_KIND, EXPORT_FORMAT_VERSION, EXPORT_KIND, eventLine, headerLine, trailerLine, type RunningHash,
} from './export-format.js';

const PAGE = 5_000;

export type ExportRange = Readonly<{ since?: number; until?: number }>;

/**
 * The log from `since` to `until` (both included; until: the head when the export begins, so the trailer is fixed
 * even while the cluster goes on) as export lines, each ending in a newline: the header, one line an event exactly
 * as recorded (Secret values stay the ciphertext the log holds), and the trailer with the count and a hash of the
 * event lines. Read page by page, so a long log is never held in memory.
 */
export async function* exportLines(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  cluster: string,
  range: ExportRange,
  sha256: () => RunningHash,
): AsyncGenerator<string> {
  const since = range.since ?? 1;
  const head = await store.headPosition();
  const last = Math.min(range.until ?? head, head);
  yield `${headerLine({ kind: EXPORT_KIND, formatVersion: EXPORT_FORMAT_VERSION, cluster, since, until: range.until ?? null })}\n`;
  const hash = sha256();
  let count = 0;
  let lastPosition = 0;
  for (let after = since - 1; after < last; ) {
    const page = await store.readAll(after, Math.min(PAGE, last - after));
    if (page.length === 0) break;
    let chunk = '';
    for (const event of page) {
      if (event.position > last) break;
      chunk += `${eventLine(event)}\n`;
      count++;
      lastPosition = event.position;
    }
    hash.update(chunk);
    yield chunk;
    after = page.at(-1)!.position;
  }
  yield `${trailerLine({ kind: EXPORT_END_KIND, count, lastPosition, sha256: hash.digest('hex') })}\n`;
}
