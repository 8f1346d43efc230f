import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Subscription } from 'rxjs';
import { JsonText } from './shared-json.js';

export type WatchLine = Readonly<{ type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'; object: unknown }>;

/**
 * Opens a chunked watch response (one JSON object per line) and hands a writer to `start`, which returns
 * the subscription to end when the client goes away.
 */
export function streamLines(request: FastifyRequest, reply: FastifyReply, start: (write: (line: unknown) => void) => Subscription | Promise<Subscription>): void {
  reply.hijack();
  reply.raw.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
  // Headers go out at once, not with the first change: client-go's Watch() blocks until it has them, and kubectl
  // (rollout status, delete --wait) cannot finish while a quiet watch has not answered.
  reply.raw.flushHeaders();
  // Lines written in one turn of the event loop (a watch replaying the changes since its resourceVersion) go out
  // together: corked until the turn ends, one chunk and one write to the socket rather than one a line.
  let corked = false;
  const write = (line: unknown) => {
    if (reply.raw.destroyed) return;
    if (!corked) {
      corked = true;
      reply.raw.cork();
      setImmediate(() => {
        corked = false;
        reply.raw.uncork();
      });
    }
    reply.raw.write(`${line instanceof JsonText ? line.text : JSON.stringify(line)}\n`);
  };
  let subscription: Subscription | undefined;
  let closed = false;
  request.raw.on('close', () => {
    closed = true;
    subscription?.unsubscribe();
  });
  Promise.resolve(start(write)).then(
    (s) => (closed ? s.unsubscribe() : (subscription = s)),
    (error: unknown) => {
      write({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', message: String(error), code: 500 } });
      reply.raw.end();
    },
  );
}

/**
 * Whether a request asks to watch, as Kubernetes reads its boolean query parameters: absent, empty, `0`, `f` or
 * `false` (any case) is no; anything else is yes. The authorizer and the handlers read it the same way.
 */
export function watchRequested(query: Readonly<Record<string, unknown>>): boolean {
  const given = query.watch;
  const first = Array.isArray(given) ? given[0] : given;
  if (typeof first !== 'string') return false;
  return !['', '0', 'f', 'false'].includes(first.toLowerCase());
}

/**
 * Ends a watch after `seconds` as kube-apiserver's timer does: none for 0 or absent, at once (once what it had is
 * sent) for a negative number. The timer goes with the watch's subscription.
 */
export function endWatchAfter(watching: Subscription, seconds: number | undefined, end: () => void): void {
  if (seconds === undefined || seconds === 0) return;
  const timer = setTimeout(() => {
    watching.unsubscribe();
    end();
  }, Math.max(seconds, 0) * 1000);
  watching.add(() => clearTimeout(timer));
}
