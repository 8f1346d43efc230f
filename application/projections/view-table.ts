import type { Event, RecordedEvent } from '../../domain/shared/event.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type Changed<V> = Readonly<{ type: WatchEventType; view: V }> | undefined;

export type ViewTableState<S, V> = Readonly<{ states: ReadonlyMap<string, S>; views: ReadonlyMap<string, V> }>;

/**
 * One kind's views, keyed by the stream key (`default.web-1`), folded with the aggregate's own evolve:
 * the read side and the write side cannot disagree about what an event means.
 */
export class ViewTable<S, V> {
  private readonly states = new Map<string, S>();
  readonly views = new Map<string, V>();

  constructor(
    private readonly evolve: (state: S, event: Event) => S,
    private readonly initial: () => S,
    /** The view after `event`; `before` is the view it replaces (what a view carries over, such as when it was made). */
    private readonly toView: (state: S, event: RecordedEvent, before: V | undefined) => V | undefined,
  ) {}

  /** The view of `key` as it would be after `events`, changing nothing (a dry run's answer); undefined if gone. */
  preview(key: string, events: readonly RecordedEvent[]): V | undefined {
    let state = this.states.get(key) ?? this.initial();
    let view = this.views.get(key);
    for (const event of events) {
      state = this.evolve(state, event);
      view = this.toView(state, event, view);
    }
    return view;
  }

  /** What a snapshot keeps: both maps, copied (their values are immutable, so the copy is cheap and stays as it is). */
  dump(): ViewTableState<S, V> {
    return { states: new Map(this.states), views: new Map(this.views) };
  }

  /** Fills an empty table from a snapshot. */
  load(dumped: ViewTableState<S, V>): void {
    for (const [key, state] of dumped.states) this.states.set(key, state);
    for (const [key, view] of dumped.views) this.views.set(key, view);
  }

  /** Applies one event of the stream `key`; says what changed, for watches and reconcilers. */
  apply(key: string, event: RecordedEvent): { before: V | undefined; change: Changed<V> } {
    const before = this.views.get(key);
    const state = this.evolve(this.states.get(key) ?? this.initial(), event);
    const after = this.toView(state, event, before);
    if (after) {
      this.states.set(key, state);
      this.views.set(key, after);
      return { before, change: { type: before ? 'MODIFIED' : 'ADDED', view: after } };
    }
    this.states.delete(key);
    this.views.delete(key);
    return { before, change: before ? { type: 'DELETED', view: before } : undefined };
  }
}
