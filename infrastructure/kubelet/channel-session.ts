import type { WebSocket } from 'ws';
import { ContainerStreamRefused, type ProcessOutput, type StreamedProcess, type TerminalSize } from '../../application/ports/container-streams.js';

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

/**
 * How long a command that asks for a terminal waits for the client's first size before it starts at the default
 * one: kubectl sends it as soon as the stream is open, and a command that reads the size at once should see it (the
 * wait is long enough for a busy machine; only a client that sends no size ever waits it out).
 */
const FIRST_SIZE_WAIT_MS = 5_000;

/** A resize message's size (`{"Width":…,"Height":…}`, as kubectl's TerminalSize marshals), or undefined. */
export function terminalSizeOf(message: Uint8Array): TerminalSize | undefined {
  try {
    const { Width, Height } = JSON.parse(Buffer.from(message).toString('utf8')) as { Width?: unknown; Height?: unknown };
    if (!Number.isInteger(Width) || !Number.isInteger(Height) || (Width as number) <= 0 || (Height as number) <= 0) return undefined;
    return { cols: Width as number, rows: Height as number };
  } catch {
    return undefined;
  }
}

/** Options of a stream: the command (for the exit Status's words), and whether the process waits for a size. */
export type ChannelOptions = Readonly<{ command: readonly string[]; waitsForSize?: boolean }>;

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
 * the client's terminal sizes to the process's terminal, stdout and stderr to the client, and when the process ends
 * its Status on the error channel, then a normal close. A client that goes away stops the process. With
 * `waitsForSize` the process is opened with the client's first size (or none, if the client sends none in time).
 */
export async function serveChannels(
  ws: WebSocket,
  open: (output: ProcessOutput, size?: TerminalSize) => Promise<StreamedProcess>,
  { command, waitsForSize = false }: ChannelOptions,
): Promise<void> {
  const send = (channel: number, data: Uint8Array) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]), { binary: true });
  };
  const early: Buffer[] = [];
  let inputEnded = false;
  let streamed: StreamedProcess | undefined;
  let gone = false;
  let size: TerminalSize | undefined;
  let sized: () => void = () => undefined;
  const firstSize = new Promise<void>((resolve) => (sized = resolve));
  ws.on('message', (message: Buffer, isBinary: boolean) => {
    if (!isBinary || message.length === 0) return;
    const channel = message[0];
    if (channel === STDIN) return streamed ? streamed.write(message.subarray(1)) : void early.push(message.subarray(1));
    if (channel === CLOSE && message[1] === STDIN) {
      inputEnded = true;
      streamed?.endInput();
    }
    if (channel === RESIZE) {
      size = terminalSizeOf(message.subarray(1)) ?? size;
      if (size) streamed?.resize(size);
      sized();
    }
  });
  ws.on('close', () => {
    gone = true;
    sized();
    streamed?.stop();
  });
  let status: Status;
  try {
    if (waitsForSize) await Promise.race([firstSize, new Promise((resolve) => setTimeout(resolve, FIRST_SIZE_WAIT_MS).unref())]);
    if (gone) return;
    const given = waitsForSize ? size : undefined;
    streamed = await open({ stdout: (chunk) => send(STDOUT, chunk), stderr: (chunk) => send(STDERR, chunk) }, given);
    if (gone) streamed.stop();
    if (size && size !== given) streamed.resize(size);
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
