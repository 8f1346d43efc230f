import type { Command, Event, NewEvent } from './event.js';

/** emmett's decider: decide from state, evolve state from events, starting at initialState. */
export type Decider<State, C extends Command, E extends Event> = Readonly<{
  decide: (command: C, state: State) => readonly NewEvent<E>[];
  evolve: (state: State, event: E) => State;
  initialState: () => State;
}>;
