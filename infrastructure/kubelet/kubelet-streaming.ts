import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ContainerStreamRefused, type ContainerStreams, type ProcessOutput, type TerminalSize } from '../../application/ports/container-streams.js';
import { CHANNEL_PROTOCOLS, serveChannels } from './channel-session.js';
import { PortForwardSession } from './port-forward-session.js';

const CONTAINER_STREAM = /^\/(exec|attach)\/([^/]+)\/([^/]+)\/([^/]+)$/;
const PORT_FORWARD = /^\/portForward\/([^/]+)\/([^/]+)$/;
/** What kubectl 1.31+ offers for port-forward: SPDY/3.1 tunnelled through the WebSocket. */
export const PORT_FORWARD_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

/** Answers an upgrade request with a Kubernetes Status instead of upgrading, and closes the connection. */
export function refuseUpgrade(socket: Duplex, code: number, message: string, reason = 'BadRequest'): void {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

const offered = (request: IncomingMessage) =>
  (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);

const isWebSocket = (request: IncomingMessage) => (request.headers.upgrade ?? '').toLowerCase() === 'websocket';

/** The first of ours the client offers; exec and attach prefer v5 (stdin can be closed), then v4. */
function protocolFor(request: IncomingMessage, ours: readonly string[]): string | undefined {
  const theirs = offered(request);
  return ours.find((p) => theirs.includes(p));
}

/**
 * The kubelet's streaming endpoints (`/exec|attach/{namespace}/{pod}/{container}?command=…&stdin=…&tty=…` and
 * `/portForward/{namespace}/{pod}`), served over WebSocket from the runtime's ContainerStreams. The caller has
 * already checked that the API server asks.
 */
export class KubeletStreaming {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly chosen = new WeakMap<IncomingMessage, string>();

  constructor() {
    // ws takes subprotocols to be HTTP tokens, which `SPDY/3.1+portforward.k8s.io` is not: the choice is made here
    // and answered in the handshake's headers.
    this.wss.on('headers', (headers: string[], request: IncomingMessage) => {
      const protocol = this.chosen.get(request);
      if (protocol) headers.push(`Sec-WebSocket-Protocol: ${protocol}`);
    });
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, streams: ContainerStreams | undefined): void {
    const url = new URL(request.url ?? '/', 'https://kubelet');
    const container = CONTAINER_STREAM.exec(url.pathname);
    const pod = PORT_FORWARD.exec(url.pathname);
    if (!container && !pod) return refuseUpgrade(socket, 404, `404 page not found: ${url.pathname}`, 'NotFound');
    if (!streams) return refuseUpgrade(socket, 400, 'this node\'s container runtime cannot run commands in containers, attach to them or forward their ports', 'BadRequest');
    if (!isWebSocket(request))
      return refuseUpgrade(socket, 400, `kes streams ${url.pathname.split('/')[1]} over WebSocket only (Upgrade: websocket), not ${request.headers.upgrade ?? 'a plain request'}`);
    const ours = container ? CHANNEL_PROTOCOLS : [PORT_FORWARD_PROTOCOL];
    const protocol = protocolFor(request, ours);
    if (!protocol) return refuseUpgrade(socket, 400, `none of the offered subprotocols (${offered(request).join(', ') || 'none'}) is supported; use one of ${ours.join(', ')}`);
    this.chosen.set(request, protocol);
    delete request.headers['sec-websocket-protocol'];
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if (container) void this.containerStream(ws, container.slice(1).map(decodeURIComponent), url.searchParams, streams);
      else this.portForward(ws, pod!.slice(1).map(decodeURIComponent), streams);
    });
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private async containerStream(ws: WebSocket, [kind, namespace, pod, container]: string[], query: URLSearchParams, streams: ContainerStreams): Promise<void> {
    const flag = (name: string) => ['true', '1'].includes(query.get(name) ?? '');
    const key = `${namespace}.${pod}`;
    const command = query.getAll('command');
    if (kind === 'attach') return serveChannels(ws, async (output) => streams.attach(key, container, output), { command: [] });
    if (command.length === 0) return serveChannels(ws, () => Promise.reject(new ContainerStreamRefused('StartFailed', 'you must specify at least one command for the container')), { command });
    const tty = flag('tty');
    const exec = (output: ProcessOutput, size?: TerminalSize) => streams.exec(key, container, command, { stdin: flag('stdin'), tty, ...(size ? { size } : {}) }, output);
    return serveChannels(ws, exec, { command, waitsForSize: tty });
  }

  private portForward(ws: WebSocket, [namespace, pod]: string[], streams: ContainerStreams): void {
    const session = new PortForwardSession((bytes) => ws.readyState === ws.OPEN && ws.send(bytes, { binary: true }), (port) => streams.portOf(`${namespace}.${pod}`, port), `${namespace}/${pod}`);
    ws.on('message', (message: Buffer) => session.receive(message));
    ws.on('close', () => session.close());
  }
}
