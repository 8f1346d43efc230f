import type { RecordedEvent } from '../../domain/shared/event.js';

/**
 * What a command caused by an event carries in its metadata: the event's id as its causation and the event's
 * correlation (the root command of the chain) as its own, so that a trace can follow the chain.
 */
export type Cause = Readonly<{ causationId: string; correlationId: string }>;
export type LastEvent = Cause & Readonly<{ position: number }>;

/**
 * The last event applied to each stream, as the cause of what a reconciler does about its object. Kept after the
 * object is deleted (the garbage collector acts on a deleted owner's last event), pods excepted. Two ids and a
 * position a stream.
 */
export class LastEvents {
  private readonly byStream = new Map<string, LastEvent>();

  record(event: RecordedEvent): void {
    // Who owns which fields prompts no reconcile: the write it is recorded with (same command, appended just before)
    // stays the cause, so a scale's chain runs DeploymentScaled → ReplicaSetScaled, not through the bookkeeping.
    if (event.type === 'ManagedFieldsChanged') return;
    // Nothing acts on a pod once it is deleted (its node's kubelet only forgets it): pods come and go by the
    // thousand, so theirs are dropped. Owners are kept, for the garbage collector.
    if (event.type === 'PodDeleted') return void this.byStream.delete(event.stream);
    this.byStream.set(event.stream, { causationId: event.id, correlationId: event.metadata.correlationId ?? event.metadata.commandId, position: event.position });
  }

  /** What a snapshot keeps: a copy (its values are never changed, only replaced). */
  dump(): ReadonlyMap<string, LastEvent> {
    return new Map(this.byStream);
  }

  /** Fills an empty record from a snapshot. */
  load(dumped: ReadonlyMap<string, LastEvent>): void {
    for (const [stream, last] of dumped) this.byStream.set(stream, last);
  }

  of(stream: string): Cause | undefined {
    const last = this.byStream.get(stream);
    return last && { causationId: last.causationId, correlationId: last.correlationId };
  }

  /** The latest of these streams' last events: what changed last among the objects a reconcile reads. */
  latestOf(streams: Iterable<string>): Cause | undefined {
    let latest: (Cause & { position: number }) | undefined;
    for (const stream of streams) {
      const last = this.byStream.get(stream);
      if (last && (!latest || last.position > latest.position)) latest = last;
    }
    return latest && { causationId: latest.causationId, correlationId: latest.correlationId };
  }
}
