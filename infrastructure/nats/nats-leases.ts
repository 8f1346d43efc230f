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
    const kv = await nc.jetstream().views.kv(LEASE_BUCKET, { history: 1, ttl: durationMs });
    return new NatsLeases(kv, holder, durationMs);
  }

  /** Resolves once every lease given up has been released, so the next holder need not wait for it to age out. */
  async released(): Promise<void> {
    await this.releasing;
  }

  campaign(name: string): Observable<boolean> {
    return new Observable<boolean>((subscriber) => {
      let revision: number | undefined;
      let closed = false;
      const hold = async () => {
        try {
          revision = revision === undefined ? await this.kv.create(name, this.holder) : await this.kv.update(name, this.holder, revision);
          if (!closed) subscriber.next(true);
        } catch {
          revision = undefined;
          if (!closed) subscriber.next(false);
        }
      };
      let turn = hold();
      const timer = setInterval(() => (turn = turn.then(hold)), Math.max(50, Math.floor(this.durationMs / 3)));
      return () => {
        closed = true;
        clearInterval(timer);
        const released = turn.then(() => (revision === undefined ? undefined : this.kv.delete(name, { previousSeq: revision }))).catch(() => undefined);
        this.releasing = Promise.all([this.releasing, released]);
      };
    });
  }
}
