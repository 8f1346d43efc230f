import { Subject } from 'rxjs';
import type { Heartbeats } from '../../application/ports/heartbeats.js';

/** The API server's lease table: last renewal per node, in memory only (heartbeats are not events). */
export class InMemoryHeartbeats implements Heartbeats {
  private readonly last = new Map<string, number>();
  readonly beats = new Subject<string>();

  beat(node: string, atMs: number): void {
    this.last.set(node, atMs);
    this.beats.next(node);
  }

  lastBeat(node: string): number | undefined {
    return this.last.get(node);
  }
}
