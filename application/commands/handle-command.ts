import { routeOf } from '../../domain/commands.js';
import { CommandRefused } from '../../domain/shared/errors.js';
import { eventMetadataFor, type Command, type NewEvent, type RecordedEvent } from '../../domain/shared/event.js';
import type { EventStore, EventToAppend } from '../ports/event-store.js';
import { eventIdFor, type IdGenerator } from '../ports/ids.js';
import type { Handled } from '../ports/command-sender.js';
import { validateCommand } from '../validation/validate-command.js';
import { authorize } from './authorize.js';
import { refuseOversizedChange } from './change-size.js';
import { DecidedStates, type DecidedState } from './decided-states.js';


const MAX_ATTEMPTS = 5;

/**
 * The handler for commands that cross a boundary (the API server, the CLIs): the payload's shape is checked
 * first, then the command is handled as below.
 */
export function commandHandler(store: EventStore, ids: IdGenerator) {
  return validatingHandler(inProcessCommandHandler(store, ids));
}

/** Checks each command's payload shape before `handle` sees it. */
export function validatingHandler(handle: (command: Command) => Promise<Handled>) {
  return async (command: Command): Promise<Handled> => {
    validateCommand(command);
    return handle(command);
  };
}

/**
 * authorize → read → fold → decide → append with the expected revision; retry on conflict. For commands made
 * inside this process (reconcilers, the local kubelet), which are typed by construction; deciders still
 * check every rule of the domain.
 */
export function inProcessCommandHandler(store: EventStore, ids: IdGenerator, states = new DecidedStates()) {
  const current = async (stream: string, decider: AnyDecider): Promise<DecidedState> => {
    const kept = states.get(stream);
    if (kept) return kept;
    const history = await store.readStream(stream);
    return { state: history.reduce(decider.evolve, decider.initialState()), revision: history.length - 1, position: lastPosition(history) };
  };

  return async function handle(command: Command): Promise<Handled> {
    const { stream, decider } = routeOf(command);
    authorize(command);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { state, revision, position } = await current(stream, decider);
      const decided: readonly NewEvent[] = decider.decide(command, state);
      if (decided.length === 0) {
        states.set(stream, { state, revision, position });
        return { stream, revision, position, appended: 0 };
      }
      const metadata = eventMetadataFor(command);
      const events: EventToAppend[] = decided.map((e, i) => ({ ...e, id: eventIdFor(ids, command.metadata.commandId, i), metadata }));
      refuseOversizedChange(stream, command, events);
      const result = await store.append(stream, events, revision);
      if (!result.ok) {
        states.forget(stream);
        continue;
      }
      // A retried command's events may already have been stored (append is idempotent): then fold from the store.
      if (result.revision === revision + events.length)
        states.set(stream, { state: recorded(stream, events, result).reduce(decider.evolve, state), revision: result.revision, position: result.position });
      else states.forget(stream);
      return { stream, revision: result.revision, position: result.position, appended: events.length };
    }
    throw new CommandRefused('Conflict', `${stream} changed ${MAX_ATTEMPTS} times while ${command.type} was decided; try again`);
  };
}

type AnyDecider = ReturnType<typeof routeOf>['decider'];

/** The appended events as the store recorded them (the last one at the result's revision and position). */
function recorded(stream: string, events: readonly EventToAppend[], result: { revision: number; position: number }): RecordedEvent[] {
  const first = events.length - 1;
  return events.map((e, i) => ({ ...e, stream, revision: result.revision - first + i, position: result.position - first + i }));
}

export type HandleCommand = ReturnType<typeof commandHandler>;

const lastPosition = (history: RecordedEvent[]) => history.at(-1)?.position ?? 0;
