import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventSchema, EventSchemaList } from '../../http/routes/schemas.js';
import { formatColumns } from '../printers/table-printer.js';
import { CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';

const SCHEMAS = '/kes/v1/schemas';
/** The envelope's schema, beside the event types' (`GET /kes/v1/schemas/KesEvent`). */
const ENVELOPE = 'KesEvent';

export function addEventSchemasCommand(events: Command, io: KesctlIo): void {
  events
    .command('schemas')
    .description(`List the event types, or with -o write the JSON Schema of each one's data to DIR/<EventType>.json, with ${ENVELOPE}.json (the envelope) and index.json`)
    .option('-o, --output <dir>', 'the directory to write the schemas to (made if missing)')
    // Commander gives a flag that `events` also has to `events`, wherever it stands: `events schemas -o DIR` sets events' -o.
    .action(action(io, (context, options: { output?: string }) => eventSchemas(context, options.output ?? events.opts<{ output?: string }>().output)));
}

/** Type names come from the server and become file names: nothing but letters and digits. */
function fileOf(dir: string, type: string): string {
  if (!/^[A-Za-z0-9]+$/.test(type)) throw new CliError(`the server lists an event type "${type}" that cannot be a file name: nothing written for it`);
  return join(dir, `${type}.json`);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function eventSchemas(context: KesctlContext, dir: string | undefined): Promise<void> {
  const client = context.client();
  const list = await client.get<EventSchemaList>(SCHEMAS);
  if (dir === undefined) return context.out(formatColumns([['TYPE', 'DESCRIPTION'], ...list.items.map((i) => [i.type, i.description])]));
  mkdirSync(dir, { recursive: true });
  for (const type of [ENVELOPE, ...list.items.map((i) => i.type)]) {
    const file = fileOf(dir, type);
    writeFileSync(file, json(await client.get<EventSchema>(`${SCHEMAS}/${encodeURIComponent(type)}`)));
  }
  writeFileSync(join(dir, 'index.json'), json(list));
  context.out(`${list.items.length} event schemas, ${ENVELOPE}.json (the envelope) and index.json written to ${dir}\n`);
}
