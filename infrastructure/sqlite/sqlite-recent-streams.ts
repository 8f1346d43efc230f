import type { RecordedEvent } from '../../domain/shared/event.js';
import type { Committed } from './sqlite-writer-client.js';

/**
 * The positions, by stream, of committed events that the stream index does not hold yet (the writer
 * indexes in batches), so that reading a stream finds them too. Told of every commit, in order.
 */
export class RecentStreams {
  private positions = new Map<string, number[]>();
  private indexedTo = 0;
  /** The position of the last committed event. */
  headPosition: number;

  constructor(headPosition: number) {
    this.headPosition = headPosition;
  }

  committed({ events, indexedTo }: Committed): void {
    // An index batch covers every event committed before its group, so only the group's own remain.
    if (indexedTo > this.indexedTo) this.positions = new Map();
    this.indexedTo = indexedTo;
    for (const event of events) this.add(event);
    if (events.length > 0) this.headPosition = events[events.length - 1]!.position;
  }

  /** The positions of `stream`'s events not in the stream index, as a JSON array. */
  unindexed(stream: string): string {
    return JSON.stringify(this.positions.get(stream) ?? []);
  }

  private add({ stream, position }: RecordedEvent): void {
    const positions = this.positions.get(stream);
    if (positions) positions.push(position);
    else this.positions.set(stream, [position]);
  }
}
