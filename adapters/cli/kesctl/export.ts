import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { createWriteStream, openSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ExportValidator } from '../../../application/export/export-validator.js';
import { textLines } from '../../../application/export/text-lines.js';
import { CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';

type ExportOptions = { since?: string; until?: string; file?: string };

function position(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new CliError(`invalid argument "${text}" for "${flag}" flag: not a position (a whole number ≥ 1)`);
  return text.trim();
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Streams `GET /kes/v1/export` to a file or stdout, checking each line as it passes (the same checks as a restore):
 * an export cut short by the server or the connection is an error, and a file it was going to is removed.
 */
async function exportLog(io: KesctlIo, context: KesctlContext, options: ExportOptions): Promise<void> {
  const query = new URLSearchParams();
  const since = position('--since', options.since);
  const until = position('--until', options.until);
  if (since) query.set('since', since);
  if (until) query.set('until', until);
  const body = await context.client().stream(`/kes/v1/export${query.size ? `?${query}` : ''}`, 'application/x-ndjson');
  const toFile = options.file !== undefined && options.file !== '-';
  // Opened now, so a failure before the first line still finds the file to remove.
  const out = toFile ? createWriteStream('', { fd: openSync(options.file!, 'w', 0o600) }) : io.stdout;
  const validator = new ExportValidator(() => createHash('sha256'));
  try {
    for await (const line of textLines(body)) {
      validator.line(line);
      await write(out, `${line}\n`);
    }
    const { trailer } = validator.end();
    if (toFile) {
      out.end();
      await once(out, 'finish');
      context.err(`exported ${trailer.count} events (to position ${trailer.lastPosition}) to ${options.file}\n`);
    }
  } catch (error) {
    if (toFile) {
      out.destroy();
      await once(out, 'close');
      rmSync(options.file!, { force: true });
    }
    throw new CliError(`the export is incomplete, ${(error as Error).message}${toFile ? ` (${options.file} removed)` : ''}`);
  }
}

export function addExportCommand(program: Command, io: KesctlIo): void {
  program
    .command('export')
    .description("Write the cluster's event log as NDJSON (a header line, one line an event exactly as recorded — Secret values only as ciphertext — and a trailer with a count and SHA-256), for `kesadm restore`; admins only")
    .option('--since <position>', 'the first position to export (default: 1, the whole log)')
    .option('--until <position>', 'the last position to export (default: the head of the log when the export begins)')
    .option('-f, --file <file>', 'write to this file (0600) instead of stdout')
    .action(action(io, (context: KesctlContext, options: ExportOptions) => exportLog(io, context, options)));
}
