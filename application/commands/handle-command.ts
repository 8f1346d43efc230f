import { routeOf } from '../../domain/commands.js';
import { CommandRefused } from '../../domain/shared/errors.js';
import { asOneAppend, eventMetadataFor, type Command, type NewEvent, type RecordedEvent } from '../../domain/shared/event.js';
import type { EventStore, EventToAppend } from '../ports/event-store.js';
import { eventIdFor, type IdGenerator } from '../ports/ids.js';
import type { Handled } from '../ports/command-sender.js';
import { validateCommand } from '../validation/validate-command.js';
import { authorize } from './authorize.js';
import { refuseOversizedChange } from './change-size.js';
import { DecidedStates, type DecidedState } from './decided-states.js';
import { StaleWrite } from './stale-write.js';


const MAX_ATTEMPTS = 5;

/**
 * The handler for commands that cross a boundary (the API server, the CLIs): the payload's shape is checked
 * first, then the command is handled as below.
 */
export function commandHandler(store: EventStore, ids: IdGenerator) {
  return validatingHandler(inProcessCommandHandler(store, ids));
}

/** Checks each command's payload shape before `handle` sees it. */
export function validatingHandler(handle: (commands: OneOrMore) => Promise<Handled>) {
  return async (commands: OneOrMore): Promise<Handled> => {
    for (const command of asList(commands)) validateCommand(command);
    return handle(commands);
  };
}

/** One command, or several about one object that are carried out together (one PUT): decided in order, appended at once. */
export type OneOrMore = Command | readonly Command[];
const asList = (commands: OneOrMore): readonly Command[] => ('type' in commands ? [commands as Command] : (commands as readonly Command[]));

/**
 * authorize → read → fold → decide → append with the expected revision; retry on conflict. For commands made
 * inside this process (reconcilers, the local kubelet), which are typed by construction; deciders still
 * check every rule of the domain. Several commands of one stream are decided in turn, each on the state the
 * ones before it leave, and their events appended together or not at all. A command that carries an
 * `expectedPosition` is refused as a StaleWrite, with nothing appended, unless its stream is still at that
 * position when the events are appended. A dry run (`metadata.dryRun`) is decided the same way and appends
 * nothing: it answers the events it would have appended.
 */
export function inProcessCommandHandler(store: EventStore, ids: IdGenerator, states = new DecidedStates()) {
  const current = async (stream: string, decider: AnyDecider): Promise<DecidedState> => {
    const kept = states.get(stream);
    if (kept) return kept;
    const history = await store.readStream(stream);
    return { state: history.reduce(decider.evolve, decider.initialState()), revision: history.length - 1, position: lastPosition(history) };
  };

  return async function handle(input: OneOrMore): Promise<Handled> {
    const commands = asList(input);
    const { stream, decider } = routeOfAll(commands);
    commands.forEach(authorize);
    const expected = commands[0].metadata.expectedPosition;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { state, revision, position } = await current(stream, decider);
      if (expected !== undefined && position !== expected) throw new StaleWrite(stream, expected, position);
      const { events, after } = decideAll(commands, state, decider, ids);
      if (events.length === 0) {
        states.set(stream, { state, revision, position });
        return { stream, revision, position, appended: 0, ...(commands[0].metadata.dryRun ? { wouldAppend: [] } : {}) };
      }
      refuseOversizedChange(stream, commands, events);
      if (commands[0].metadata.dryRun) return { stream, revision, position, appended: 0, wouldAppend: asRecorded(stream, events, revision, position) };
      const result = await store.append(stream, events, revision);
      if (!result.ok) {
        states.forget(stream);
        continue;
      }
      // A retried command's events may already have been stored (append is idempotent): then fold from the store.
      if (result.revision === revision + events.length) states.set(stream, { state: after, revision: result.revision, position: result.position });
      else states.forget(stream);
      return { stream, revision: result.revision, position: result.position, appended: events.length };
    }
    throw new CommandRefused('Conflict', `${stream} changed ${MAX_ATTEMPTS} times while ${commands.map((c) => c.type).join(', ')} was decided; try again`);
  };
}

/** The stream all the commands are about; refused when they are about several. */
function routeOfAll(commands: readonly Command[]): ReturnType<typeof routeOf> {
  if (commands.length === 0) throw new CommandRefused('BadRequest', 'no command to carry out');
  const routes = commands.map(routeOf);
  const other = routes.find((r) => r.stream !== routes[0].stream);
  if (other) throw new CommandRefused('BadRequest', `commands carried out together must be about one object, not ${routes[0].stream} and ${other.stream}`);
  return routes[0];
}

/** Each command decided on the state the ones before it leave; event ids numbered across them, so each stays unique. */
function decideAll(commands: readonly Command[], state: unknown, decider: AnyDecider, ids: IdGenerator): { events: EventToAppend[]; after: unknown } {
  const events: EventToAppend[] = [];
  let after = state;
  for (const command of commands) {
    const metadata = eventMetadataFor(command);
    const decided: readonly NewEvent[] = decider.decide(command, after);
    const stamped = decided.map((e, i) => ({ ...e, id: eventIdFor(ids, command.metadata.commandId, events.length + i), metadata }));
    after = stamped.reduce(decider.evolve, after);
    events.push(...stamped);
  }
  return { events: asOneAppend(events), after };
}

type AnyDecider = ReturnType<typeof routeOf>['decider'];

export type HandleCommand = ReturnType<typeof commandHandler>;

/**
 * Events as if recorded after `revision` (a dry run's answer): they keep the stream's `position`, since nothing
 * was written, so an object previewed from them keeps its resourceVersion.
 */
const asRecorded = (stream: string, events: readonly EventToAppend[], revision: number, position: number): RecordedEvent[] =>
  events.map((event, i) => ({ ...event, stream, revision: revision + 1 + i, position }) as RecordedEvent);

const lastPosition = (history: RecordedEvent[]) => history.at(-1)?.position ?? 0;
