import type { WebSocket } from 'ws';
import { ContainerStreamRefused, type ProcessOutput, type StreamedProcess } from '../../application/ports/container-streams.js';

/** The channels of Kubernetes' WebSocket streaming protocol (channel.k8s.io): one byte before each message. */
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
/** v5: `[255, channel]` closes that channel (the client's end of stdin). */
const CLOSE = 255;

export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

type Status = Readonly<Record<string, unknown>>;

/** What the error channel carries when the process ended: Success, or the exit code as kubectl reads it. */
export function exitStatus(code: number, command: readonly string[]): Status {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

const refusalStatus = (error: ContainerStreamRefused): Status => ({
  metadata: {},
  status: 'Failure',
  message: error.message,
  reason: error.problem === 'StartFailed' ? 'InternalError' : 'BadRequest',
  code: error.problem === 'StartFailed' ? 500 : 400,
});

/**
 * Serves one exec or attach over an upgraded WebSocket: stdin from the client to the process (until v5 closes it),
 * stdout and stderr to the client, and when the process ends its Status on the error channel, then a normal close.
 * A client that goes away stops the process. Window resizes are accepted and ignored (no terminal is allocated).
 */
export async function serveChannels(ws: WebSocket, open: (output: ProcessOutput) => Promise<StreamedProcess>, command: readonly string[]): Promise<void> {
  const send = (channel: number, data: Uint8Array) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]), { binary: true });
  };
  const early: Buffer[] = [];
  let inputEnded = false;
  let streamed: StreamedProcess | undefined;
  let gone = false;
  ws.on('message', (message: Buffer, isBinary: boolean) => {
    if (!isBinary || message.length === 0) return;
    const channel = message[0];
    if (channel === STDIN) return streamed ? streamed.write(message.subarray(1)) : void early.push(message.subarray(1));
    if (channel === CLOSE && message[1] === STDIN) {
      inputEnded = true;
      streamed?.endInput();
    }
    // RESIZE and anything else: accepted, nothing to do.
    void RESIZE;
  });
  ws.on('close', () => {
    gone = true;
    streamed?.stop();
  });
  let status: Status;
  try {
    streamed = await open({ stdout: (chunk) => send(STDOUT, chunk), stderr: (chunk) => send(STDERR, chunk) });
    if (gone) streamed.stop();
    early.splice(0).forEach((chunk) => streamed!.write(chunk));
    if (inputEnded) streamed.endInput();
    status = exitStatus(await streamed.exited, command);
  } catch (error) {
    if (!(error instanceof ContainerStreamRefused)) throw error;
    status = refusalStatus(error);
  }
  send(ERROR, Buffer.from(JSON.stringify(status)));
  if (ws.readyState === ws.OPEN) ws.close(1000);
}
