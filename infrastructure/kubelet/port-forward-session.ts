import { connect, type Socket } from 'node:net';
import { ContainerStreamRefused } from '../../application/ports/container-streams.js';
import { ControlType, dataFrame, FLAG_FIN, FrameReader, rstStream, streamIdOf, synReply, type SpdyFrame } from './spdy/frames.js';
import { HeaderBlockReader, HeaderBlockWriter } from './spdy/header-blocks.js';

/** Where a pod port is reached from the node. */
export type PortTarget = (port: number) => Readonly<{ host: string; port: number }>;

type Forward = { requestId: string; port: number; errorStream?: number; dataStream?: number; socket?: Socket; early: Buffer[]; finished: boolean };

const REFUSED_STREAM = 3;

/**
 * The kubelet's side of `kubectl port-forward` (portforward.k8s.io over SPDY/3.1, which kubectl 1.32 tunnels through a
 * WebSocket): for each connection kubectl makes an error stream and a data stream with the same `requestID` and
 * `port`; once both are there the kubelet connects to the pod's port and passes bytes between it and the data
 * stream. A connection that fails is explained on the error stream, which kubectl prints.
 */
export class PortForwardSession {
  private readonly frames = new FrameReader();
  private readonly headersIn = new HeaderBlockReader();
  private readonly headersOut = new HeaderBlockWriter();
  private readonly forwards = new Map<string, Forward>();
  private readonly byStream = new Map<number, Forward>();

  constructor(
    private readonly send: (bytes: Buffer) => void,
    private readonly target: PortTarget,
    private readonly pod: string,
  ) {}

  receive(bytes: Uint8Array): void {
    for (const frame of this.frames.push(bytes)) this.handle(frame);
  }

  /** The connection is gone: every forwarded connection ends. */
  close(): void {
    for (const forward of this.forwards.values()) forward.socket?.destroy();
    this.forwards.clear();
    this.byStream.clear();
  }

  private handle(frame: SpdyFrame): void {
    if (frame.kind === 'data') return this.fromClient(frame.streamId, frame.data, (frame.flags & FLAG_FIN) !== 0);
    const { type, payload } = frame;
    if (type === ControlType.SynStream) return this.opened(streamIdOf(payload), payload.subarray(10));
    if (type === ControlType.Ping) return this.send(Buffer.concat([Buffer.from([0x80, 3, 0, ControlType.Ping, 0, 0, 0, 4]), payload]));
    if (type === ControlType.RstStream) return void this.byStream.get(streamIdOf(payload))?.socket?.destroy();
    if (type === ControlType.GoAway) return this.close();
    // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do.
  }

  private opened(streamId: number, headerBlock: Buffer): void {
    const headers = this.headersIn.read(headerBlock);
    const kind = headers.get('streamtype');
    const port = Number(headers.get('port'));
    const requestId = headers.get('requestid') ?? String(streamId);
    if ((kind !== 'error' && kind !== 'data') || !Number.isInteger(port) || port < 1 || port > 65535) {
      this.send(rstStream(streamId, REFUSED_STREAM));
      return;
    }
    this.send(synReply(streamId, this.headersOut.write(new Map())));
    const forward = this.forwards.get(requestId) ?? { requestId, port, early: [], finished: false };
    this.forwards.set(requestId, forward);
    this.byStream.set(streamId, forward);
    if (kind === 'error') forward.errorStream = streamId;
    else forward.dataStream = streamId;
    if (forward.errorStream !== undefined && forward.dataStream !== undefined) this.connect(forward);
  }

  private fromClient(streamId: number, data: Buffer, fin: boolean): void {
    const forward = this.byStream.get(streamId);
    if (!forward || streamId !== forward.dataStream) return;
    if (!forward.socket) {
      if (data.length > 0) forward.early.push(data);
      if (fin) forward.early.push(Buffer.alloc(0));
      return;
    }
    if (data.length > 0) forward.socket.write(data);
    if (fin) forward.socket.end();
  }

  private connect(forward: Forward): void {
    let where: { host: string; port: number };
    try {
      where = this.target(forward.port);
    } catch (error) {
      if (!(error instanceof ContainerStreamRefused)) throw error;
      return this.fail(forward, `error forwarding port ${forward.port} to pod ${this.pod}: ${error.message}`);
    }
    const socket = connect(where.port, where.host);
    forward.socket = socket;
    for (const chunk of forward.early.splice(0)) this.fromClient(forward.dataStream!, chunk, chunk.length === 0);
    socket.on('data', (chunk: Buffer) => this.send(dataFrame(forward.dataStream!, 0, chunk)));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      this.fail(forward, `error forwarding port ${forward.port} to pod ${this.pod}: dial tcp ${where.host}:${where.port}: ${error.code === 'ECONNREFUSED' ? 'connect: connection refused' : error.message}`),
    );
    socket.on('close', () => this.finish(forward));
  }

  private fail(forward: Forward, message: string): void {
    if (!forward.finished) this.send(dataFrame(forward.errorStream!, 0, Buffer.from(message)));
    this.finish(forward);
  }

  /** Both streams end (FIN), so kubectl closes its local connection. */
  private finish(forward: Forward): void {
    if (forward.finished) return;
    forward.finished = true;
    this.send(dataFrame(forward.dataStream!, FLAG_FIN, Buffer.alloc(0)));
    this.send(dataFrame(forward.errorStream!, FLAG_FIN, Buffer.alloc(0)));
    this.forwards.delete(forward.requestId);
    this.byStream.delete(forward.dataStream!);
    this.byStream.delete(forward.errorStream!);
  }
}
