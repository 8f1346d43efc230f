import type { ExecutionContext } from 'ava';
import type { Decider } from '../../domain/shared/decider.js';
import type { Command, Event, EventMetadata, NewEvent } from '../../domain/shared/event.js';

export const AT = '2026-11-27T10:00:00.000Z';
export const meta = (actor = 'kubernetes-admin'): Command['metadata'] => ({ commandId: 'c-1', actor, at: AT });
const eventMeta: EventMetadata = { actor: 'kubernetes-admin', commandId: 'c-0', correlationId: 'c-0', causationId: 'c-0', at: AT, schemaVersion: 1 };

/** given([...events]).when(command).then([...events]) / .thenThrows(…), emmett style. */
export function deciderSpec<S, C extends Command, E extends Event>(decider: Decider<S, C, E>) {
  return (t: ExecutionContext) => ({
    given: (events: NewEvent<E>[]) => ({
      when: (command: C) => {
        const state = events.map((e) => ({ ...e, metadata: eventMeta }) as E).reduce(decider.evolve, decider.initialState());
        const run = () => decider.decide(command, state);
        return {
          then: (expected: NewEvent<E>[]) => t.deepEqual(run(), expected),
          thenThrows: (reason: string, message?: RegExp) => {
            const error = t.throws(run) as Error & { reason?: string };
            t.is(error?.reason, reason);
            if (message) t.regex(error.message, message);
          },
        };
      },
    }),
  });
}
