import { routeOf } from '../../domain/commands.js';
import { CommandRefused } from '../../domain/shared/errors.js';
import { eventMetadataFor, type Command, type NewEvent, type RecordedEvent } from '../../domain/shared/event.js';
import type { EventStore, EventToAppend } from '../ports/event-store.js';
import { eventIdFor, type IdGenerator } from '../ports/ids.js';
import type { Handled } from '../ports/command-sender.js';
import { validateCommand } from '../validation/validate-command.js';
import { authorize } from './authorize.js';


const MAX_ATTEMPTS = 5;

/** validate → authorize → read → fold → decide → append with the expected revision; retry on conflict. */
export function commandHandler(store: EventStore, ids: IdGenerator) {
  return async function handle(command: Command): Promise<Handled> {
    validateCommand(command);
    const { stream, decider } = routeOf(command);
    authorize(command);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const history = await store.readStream(stream);
      const state = history.reduce(decider.evolve, decider.initialState());
      const expected = history.length - 1;
      const decided: readonly NewEvent[] = decider.decide(command, state);
      if (decided.length === 0) return { stream, revision: expected, position: lastPosition(history), appended: 0 };
      const metadata = eventMetadataFor(command);
      const events: EventToAppend[] = decided.map((e, i) => ({
        ...e,
        id: eventIdFor(ids, command.metadata.commandId, i),
        metadata,
      }));
      const result = await store.append(stream, events, expected);
      if (result.ok) return { stream, revision: result.revision, position: result.position, appended: events.length };
    }
    throw new CommandRefused('Conflict', `${stream} changed ${MAX_ATTEMPTS} times while ${command.type} was decided; try again`);
  };
}

export type HandleCommand = ReturnType<typeof commandHandler>;

const lastPosition = (history: RecordedEvent[]) => history.at(-1)?.position ?? 0;
