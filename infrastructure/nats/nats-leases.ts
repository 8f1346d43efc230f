import { Observable } from 'rxjs';
import type { KV, NatsConnection } from 'nats';
import type { LeaderElection } from '../../application/ports/leader-election.js';

export const LEASE_BUCKET = 'KES_LEASES';

/**
 * Leases in a JetStream key-value bucket whose entries live `durationMs` (the bucket's TTL: nats-server 2.9
 * keeps no TTL per key). The holder creates its key and renews it by compare-and-set a few times per duration;
 * when it dies the key ages out and the next `create` wins. A renewal that fails means someone else holds it.
 */
export class NatsLeases implements LeaderElection {
  private releasing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly kv: KV,
    private readonly holder: string,
    private readonly durationMs: number,
  ) {}

  static async open(nc: NatsConnection, holder: string, durationMs = 15_000): Promise<NatsLeases> {
    // A renewal that cannot be answered within a third of the lease counts as lost: a holder cut off from NATS stops
    // acting before its lease can age out and another take it.
    const answerWithin = Math.max(200, Math.floor(durationMs / 3));
    const kv = await nc.jetstream({ timeout: answerWithin }).views.kv(LEASE_BUCKET, { history: 1, ttl: durationMs, timeout: answerWithin });
    return new NatsLeases(kv, holder, durationMs);
  }

  /** Resolves once every lease given up has been released, so the next holder need not wait for it to age out. */
  async released(): Promise<void> {
    await this.releasing;
  }

  /**
   * The lease's revision once this holder has it: made anew, or found still ours (a renewal lost in a NATS outage
   * left our key behind: no need to wait for it to age out). Undefined while someone else holds it.
   */
  private async acquire(name: string): Promise<number | undefined> {
    try {
      return await this.kv.create(name, this.holder);
    } catch {
      const entry = await this.kv.get(name);
      return entry?.operation === 'PUT' && entry.string() === this.holder ? entry.revision : undefined;
    }
  }

  campaign(name: string): Observable<boolean> {
    return new Observable<boolean>((subscriber) => {
      let revision: number | undefined;
      let closed = false;
      const hold = async () => {
        try {
          revision = revision === undefined ? await this.acquire(name) : await this.kv.update(name, this.holder, revision);
          if (!closed) subscriber.next(revision !== undefined);
        } catch {
          revision = undefined;
          if (!closed) subscriber.next(false);
        }
      };
      let turn = hold();
      let busy = true;
      void turn.finally(() => (busy = false));
      // A tick that comes while the last one is still waiting for NATS is skipped, not queued behind it.
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        turn = hold().finally(() => (busy = false));
      }, Math.max(50, Math.floor(this.durationMs / 3)));
      return () => {
        closed = true;
        clearInterval(timer);
        const released = turn.then(() => (revision === undefined ? undefined : this.kv.delete(name, { previousSeq: revision }))).catch(() => undefined);
        this.releasing = Promise.all([this.releasing, released]);
      };
    });
  }
}
