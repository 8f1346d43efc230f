import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { ContainerLogsUnavailable, type ContainerLogsOptions, type ContainerRuntime } from '../../application/ports/container-runtime.js';
import { isContainerStreams } from '../../application/ports/container-streams.js';
import type { UsageSampler } from '../../application/ports/resource-usage.js';
import { KUBELET_CLIENT_COMMON_NAME } from '../crypto/cluster-pki.js';
import type { ServingCertificate } from './kubelet-serving-cert.js';
import { KubeletStreaming, refuseUpgrade } from './kubelet-streaming.js';

export type KubeletServerSettings = Readonly<{
  host: string;
  /** 0: any free port (`port` tells which). */
  port: number;
  /** The cluster CA: only client certificates it signed are trusted. */
  caCert: string;
  serving: ServingCertificate;
}>;

/** What the kubelet answers when the runtime has nothing to give: the runtime's own message, for the API server to pass on. */
export type KubeletRefusal = Readonly<{ problem: ContainerLogsUnavailable['problem']; message: string }>;

const LOGS_PATH = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/;
const SUMMARY_PATH = '/stats/summary';
const NOT_FOUND = new Set(['PodNotFound', 'ContainerNotFound']);

/**
 * A node's kubelet API (HTTPS, port 10250 by default), serving `GET /containerLogs/{namespace}/{pod}/{container}`
 * from the node's container runtime and `GET /stats/summary` (what it uses) from its usage sampler. Only the API
 * server may ask: its client certificate must be signed by the cluster CA and name `kube-apiserver-kubelet-client` (401 without such a certificate, 403 for any other name).
 * It listens before the node registers (the node's registration says where) and serves once the runtime is given.
 */
export class KubeletServer {
  private runtime: ContainerRuntime | undefined;
  private usage: UsageSampler | undefined;
  private closing: Promise<void> | undefined;
  private readonly streaming = new KubeletStreaming();

  private constructor(private readonly server: Server) {}

  static async listen(settings: KubeletServerSettings): Promise<KubeletServer> {
    const server = createServer({ key: settings.serving.key, cert: settings.serving.cert, ca: settings.caCert, requestCert: true, rejectUnauthorized: false });
    const kubelet = new KubeletServer(server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void kubelet.handle(request, response));
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => kubelet.upgrade(request, socket, head));
    server.listen(settings.port, settings.host);
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
    return kubelet;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** From now on, logs come from this runtime (until then: 503). */
  serve(runtime: ContainerRuntime, usage?: UsageSampler): void {
    this.runtime = runtime;
    this.usage = usage;
  }

  /** Stops listening and ends every stream still open; idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.streaming.close();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  /** Why the client may not ask the kubelet, if it may not: only the API server's client certificate may. */
  private refusal(request: IncomingMessage): readonly [number, string] | undefined {
    const socket = request.socket as TLSSocket;
    if (!socket.authorized) return [401, 'Unauthorized: send a client certificate signed by the cluster CA'];
    const commonName = socket.getPeerCertificate().subject?.CN;
    if (commonName !== KUBELET_CLIENT_COMMON_NAME) return [403, `Forbidden: ${String(commonName)} may not use the kubelet API (only ${KUBELET_CLIENT_COMMON_NAME} may)`];
    return undefined;
  }

  /** exec, attach and port-forward: WebSocket streams from the runtime. */
  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const refused = this.refusal(request);
    if (refused) return refuseUpgrade(socket, refused[0], refused[1], refused[0] === 401 ? 'Unauthorized' : 'Forbidden');
    if (!this.runtime) return refuseUpgrade(socket, 503, 'the kubelet is starting: its container runtime is not ready yet', 'ServiceUnavailable');
    this.streaming.upgrade(request, socket, head, isContainerStreams(this.runtime) ? this.runtime : undefined);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refused = this.refusal(request);
    if (refused) return answer(response, refused[0], refused[1]);
    const url = new URL(request.url ?? '/', 'https://kubelet');
    if (request.method === 'GET' && url.pathname === SUMMARY_PATH) return this.summary(response);
    const match = LOGS_PATH.exec(url.pathname);
    if (request.method !== 'GET' || !match) return answer(response, 404, `404 page not found: ${request.method} ${url.pathname}`);
    const options = logsOptions(url.searchParams);
    if (typeof options === 'string') return answer(response, 400, options);
    if (!this.runtime) return answer(response, 503, 'the kubelet is starting: its container runtime is not ready yet');
    const [namespace, pod, container] = match.slice(1).map(decodeURIComponent);
    let logs: AsyncIterable<string>;
    try {
      logs = this.runtime.logs(`${namespace}.${pod}`, container, options);
    } catch (error) {
      if (!(error instanceof ContainerLogsUnavailable)) return answer(response, 500, (error as Error).message);
      const refusal: KubeletRefusal = { problem: error.problem, message: error.message };
      return answer(response, NOT_FOUND.has(error.problem) ? 404 : 400, JSON.stringify(refusal), 'application/json');
    }
    await stream(logs, response);
  }

  /** `GET /stats/summary`: what the node and each container use now (metrics-server's source), as JSON. */
  private async summary(response: ServerResponse): Promise<void> {
    if (!this.usage) return answer(response, 503, 'the kubelet measures no usage yet: its container runtime is not ready');
    try {
      answer(response, 200, JSON.stringify(await this.usage.sample()), 'application/json');
    } catch (error) {
      answer(response, 500, (error as Error).message);
    }
  }
}

/** The kubelet's containerLogs query (PodLogOptions as the API server passes them on); sinceSeconds counts back from now. */
export function logsOptions(query: URLSearchParams, now = Date.now()): ContainerLogsOptions | string {
  const flag = (name: string) => ['true', '1'].includes(query.get(name) ?? '');
  const whole = (name: string) => {
    const text = query.get(name);
    return text === null ? undefined : /^\d+$/.test(text) ? Number(text) : `${name} must be a whole number, not "${text}"`;
  };
  const tailLines = whole('tailLines');
  const limitBytes = whole('limitBytes');
  const sinceSeconds = whole('sinceSeconds');
  for (const value of [tailLines, limitBytes, sinceSeconds]) if (typeof value === 'string') return value;
  const sinceText = query.get('sinceTime');
  if (sinceText !== null && Number.isNaN(Date.parse(sinceText))) return `sinceTime must be an RFC3339 time, not "${sinceText}"`;
  const sinceTime = sinceSeconds !== undefined ? new Date(now - Number(sinceSeconds) * 1000).toISOString() : sinceText ?? undefined;
  return {
    previous: flag('previous'), follow: flag('follow'), timestamps: flag('timestamps'),
    ...(tailLines !== undefined ? { tailLines: Number(tailLines) } : {}),
    ...(limitBytes !== undefined ? { limitBytes: Number(limitBytes) } : {}),
    ...(sinceTime !== undefined ? { sinceTime } : {}),
  };
}

function answer(response: ServerResponse, code: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(code, { 'content-type': type }).end(body);
}

/** Writes the chunks as they come (chunked); a client that goes away ends the iteration. */
async function stream(logs: AsyncIterable<string>, response: ServerResponse): Promise<void> {
  const iterator = logs[Symbol.asyncIterator]();
  response.on('close', () => void iterator.return?.());
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
  response.flushHeaders();
  try {
    for (let next = await iterator.next(); !next.done && !response.destroyed; next = await iterator.next())
      if (!response.write(next.value)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
    response.end();
  } catch (error) {
    response.destroy(error as Error);
  }
}
