import { Observable } from 'rxjs';
import type { CommandSender, Handled } from '../../application/ports/command-sender.js';
import { chainHeaders } from '../../application/ports/command-subjects.js';
import type { EventFeed, HeartbeatSender } from '../../application/ports/node-agent.js';
import { CommandRefused, isRefusalReason } from '../../domain/shared/errors.js';
import type { Command, RecordedEvent } from '../../domain/shared/event.js';
import { ApiError, type ApiClient } from './api-client.js';

/** Commands over HTTP: POST /kes/v1/commands, as the client's credential. A refusal comes back as the domain's CommandRefused. */
export class HttpCommandSender implements CommandSender {
  constructor(private readonly api: ApiClient) {}

  async send(command: Command): Promise<Handled> {
    try {
      return await this.api.request<Handled>('POST', '/kes/v1/commands', { type: command.type, data: command.data }, {
        'kes-command-id': command.metadata.commandId,
        ...chainHeaders(command.metadata),
      });
    } catch (error) {
      throw asRefusal(error);
    }
  }
}

function asRefusal(error: unknown): unknown {
  const reason = error instanceof ApiError ? (error.body as { reason?: unknown } | undefined)?.reason : undefined;
  return isRefusalReason(reason) ? new CommandRefused(reason, (error as Error).message) : error;
}

/** Heartbeats as node lease renewals (PUT …/kube-node-lease/leases/NODE). */
export class HttpHeartbeatSender implements HeartbeatSender {
  constructor(private readonly api: ApiClient) {}

  async beat(node: string): Promise<void> {
    await this.api.request('PUT', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}`, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: node, namespace: 'kube-node-lease' },
      spec: { holderIdentity: node, leaseDurationSeconds: 40 },
    });
  }
}

/** The API server's event stream (GET /kes/v1/events?follow=true), reconnecting from the last position seen. */
export class HttpEventFeed implements EventFeed {
  constructor(
    private readonly api: ApiClient,
    private readonly retryMs = 1000,
  ) {}

  follow(after: number): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      const abort = new AbortController();
      let position = after;
      const run = async () => {
        while (!abort.signal.aborted) {
          try {
            for await (const line of this.api.lines(`/kes/v1/events?follow=true&after=${position}`, abort.signal)) {
              const event = line as RecordedEvent;
              if (event.position <= position) continue;
              position = event.position;
              subscriber.next(event);
            }
          } catch {
            if (abort.signal.aborted) return;
          }
          await new Promise((resolve) => setTimeout(resolve, this.retryMs));
        }
      };
      void run();
      return () => abort.abort();
    });
  }
}
