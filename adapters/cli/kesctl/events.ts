import type { Command } from 'commander';
import type { RecordedEvent } from '../../../domain/shared/event.js';
import type { EventSchemaList } from '../../http/routes/schemas.js';
import { EVENT_HEADER, eventLine } from '../printers/event-printer.js';
import { ApiClient, ApiError, CliError } from './api-client.js';
import { action, type KesctlContext, type KesctlIo } from './context.js';
import { eventFilter, listOf } from './event-filter.js';
import { addEventSchemasCommand } from './event-schemas.js';

type EventsOptions = { follow?: boolean; kind?: string; type?: string; from?: string; output?: string };

export function addEventsCommand(program: Command, io: KesctlIo): void {
  const events = program
    .command('events')
    .description("Print the cluster's events from its log, one line each, or follow them as they are recorded")
    .option('-f, --follow', 'after the events recorded so far, keep printing new ones as they are recorded (the default with --from)')
    .option('--no-follow', 'stop at the end of the log, also with --from')
    .option('--kind <kinds>', 'only events of objects of these kinds, comma-separated: Deployment, pods, deploy, …')
    .option('--type <types>', 'only events of these types, comma-separated: PodScheduled, … (kesctl events schemas lists them)')
    .option('--from <position>', 'start at this position of the log (each line starts with its position) and follow it until interrupted; default: the first')
    .option('-o, --output <format>', 'json prints each event as the API serves it, one JSON object a line')
    .action(action(io, printEvents));
  addEventSchemasCommand(events, io);
}

/** The position to read after: the one before `--from`. */
function startAfter(from: string | undefined): number {
  if (from === undefined) return 0;
  if (!/^\d+$/.test(from.trim())) throw new CliError(`invalid argument "${from}" for "--from" flag: not a position (a whole number ≥ 0)`);
  return Math.max(Number(from) - 1, 0);
}

/** A type the server records no schema of is a typo: refused, rather than followed forever with nothing to print. */
async function checkTypes(client: ApiClient, types: readonly string[] | undefined): Promise<void> {
  if (!types) return;
  let list: EventSchemaList;
  try {
    list = await client.get<EventSchemaList>('/kes/v1/schemas');
  } catch (err) {
    if (err instanceof ApiError && err.notFound) return;
    throw err;
  }
  const known = new Set(list.items.map((i) => i.type));
  const unknown = types.filter((t) => !known.has(t));
  if (unknown.length > 0) throw new CliError(`unknown event type ${unknown.map((t) => `"${t}"`).join(', ')} for --type: kesctl events schemas lists the types`);
}

/** `GET /kes/v1/events?after=P` page by page (the server decides how many a page holds) to the end of the log. */
async function* recordedEvents(client: ApiClient, after: number): AsyncGenerator<RecordedEvent> {
  for (let position = after; ; ) {
    const page = await client.get<{ items?: RecordedEvent[] }>(`/kes/v1/events?after=${position}`);
    if (!page.items?.length) return;
    yield* page.items;
    position = page.items.at(-1)!.position;
  }
}

const followedEvents = (client: ApiClient, after: number) => client.jsonLines<RecordedEvent>(`/kes/v1/events?after=${after}&follow=true`);

async function printEvents(context: KesctlContext, options: EventsOptions): Promise<void> {
  if (options.output !== undefined && options.output !== 'json')
    throw new CliError(`unknown output format "${options.output}" for events: use json, or leave -o out for one line an event`);
  const types = listOf(options.type);
  const wanted = eventFilter(listOf(options.kind), types);
  const after = startAfter(options.from);
  const client = context.client();
  await checkTypes(client, types);
  let printed = 0;
  // From a position, the log is followed (as a watch from a resourceVersion is) unless --no-follow says otherwise.
  const follow = options.follow ?? options.from !== undefined;
  for await (const event of follow ? followedEvents(client, after) : recordedEvents(client, after)) {
    if (!wanted(event)) continue;
    if (options.output === 'json') context.out(`${JSON.stringify(event)}\n`);
    else context.out(`${printed === 0 ? EVENT_HEADER : ''}${eventLine(event)}`);
    printed++;
  }
  if (printed === 0 && options.output !== 'json') context.err('No events found.\n');
}
