import type { Appended, Committed } from './sqlite-writer-client.js';

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

  committed({ appended, indexedTo }: Committed): void {
    // An index batch covers every event committed before its group, so only the group's own remain.
    if (indexedTo > this.indexedTo) this.positions = new Map();
    this.indexedTo = indexedTo;
    for (const append of appended) this.add(append);
    const last = appended[appended.length - 1];
    if (last) this.headPosition = last.position + last.events.length - 1;
  }

  /** The positions of `stream`'s events not in the stream index, as a JSON array. */
  unindexed(stream: string): string {
    return JSON.stringify(this.positions.get(stream) ?? []);
  }

  private add({ stream, events, position }: Appended): void {
    let positions = this.positions.get(stream);
    if (!positions) this.positions.set(stream, (positions = []));
    for (let i = 0; i < events.length; i++) positions.push(position + i);
  }
}
