import type { NatsConnection, Subscription } from 'nats';
import type { Heartbeats } from '../../application/ports/heartbeats.js';
import type { HeartbeatSender } from '../../application/ports/node-agent.js';
import { InMemoryHeartbeats } from '../heartbeats/in-memory-heartbeats.js';

/** Heartbeats travel on core NATS subjects (`kes.heartbeats.<node>`, '.' in a name as '_'), never into the event log. */
export const HEARTBEAT_SUBJECT_PREFIX = 'kes.heartbeats';
export const heartbeatSubject = (node: string) => `${HEARTBEAT_SUBJECT_PREFIX}.${node.replaceAll('.', '_')}`;
const nodeOfSubject = (subject: string) => subject.slice(HEARTBEAT_SUBJECT_PREFIX.length + 1).replaceAll('_', '.');

/** A kubelet's heartbeat over NATS: a message on its own node's subject (its NATS user may publish on no other). */
export class NatsHeartbeatSender implements HeartbeatSender {
  constructor(private readonly nc: NatsConnection) {}

  async beat(node: string): Promise<void> {
    this.nc.publish(heartbeatSubject(node));
  }
}

/**
 * The lease table of a process that hears every node over NATS (the controller manager, the API servers): a beat
 * heard is recorded at this process's own time, so clocks need not agree; a beat given here (a lease renewed
 * over HTTP) is also published, for the other processes to hear.
 */
export class NatsHeartbeats implements Heartbeats {
  private readonly table = new InMemoryHeartbeats();
  private readonly subscription: Subscription;
  readonly beats = this.table.beats;

  constructor(
    private readonly nc: NatsConnection,
    private readonly nowMs: () => number,
  ) {
    this.subscription = nc.subscribe(`${HEARTBEAT_SUBJECT_PREFIX}.*`, {
      callback: (error, msg) => {
        if (!error) this.table.beat(nodeOfSubject(msg.subject), this.nowMs());
      },
    });
  }

  beat(node: string, atMs: number): void {
    this.table.beat(node, atMs);
    this.nc.publish(heartbeatSubject(node));
  }

  lastBeat(node: string): number | undefined {
    return this.table.lastBeat(node);
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}
