/** Where what a process in a container writes goes, as it writes it. */
export type ProcessOutput = Readonly<{ stdout: (chunk: Uint8Array) => void; stderr: (chunk: Uint8Array) => void }>;

/** A process streamed to a client: a command run in a container (exec), or the container's own process (attach). */
export type StreamedProcess = Readonly<{
  /** Bytes for its stdin (dropped when it reads none). */
  write(chunk: Uint8Array): void;
  /** No more stdin. */
  endInput(): void;
  /** Its exit code, once it ended and its output was passed on. */
  exited: Promise<number>;
  /** The client went away: end it (exec) or stop following it (attach). */
  stop(): void;
  /** The client's terminal changed size: its terminal follows (nothing to do where it has none). */
  resize(size: TerminalSize): void;
}>;

/** A terminal's size in character cells, as the remotecommand protocol's resize messages give it. */
export type TerminalSize = Readonly<{ cols: number; rows: number }>;

/**
 * `tty`: the command runs in a terminal of `size` (the client's, when it sent one before the command started), its
 * output all on stdout, as on a terminal.
 */
export type ExecOptions = Readonly<{ stdin: boolean; tty: boolean; size?: TerminalSize }>;

/** Why a stream cannot be opened; the messages are the kubelet's own, for the client to print. */
export class ContainerStreamRefused extends Error {
  constructor(
    readonly problem: 'PodNotFound' | 'ContainerNotFound' | 'ContainerNotRunning' | 'StartFailed' | 'Unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'ContainerStreamRefused';
  }
}

/**
 * What a runtime offers `kubectl exec`, `attach` and `port-forward` (the kubelet's streaming server). Keys are pod
 * keys (`<namespace>.<name>`). Each throws `ContainerStreamRefused` when it cannot serve.
 */
export interface ContainerStreams {
  /** Runs `command` in the container's working directory, environment and user. */
  exec(key: string, container: string, command: readonly string[], options: ExecOptions, output: ProcessOutput): Promise<StreamedProcess>;
  /** The container's own process: what it writes from now on, and its stdin when it keeps one open. */
  attach(key: string, container: string, output: ProcessOutput): StreamedProcess;
  /** Where the pod's `port` is reached from the node (pods share the node's network: a declared port's host port). */
  portOf(key: string, port: number): Readonly<{ host: string; port: number }>;
}

export const isContainerStreams = (runtime: object): runtime is ContainerStreams =>
  'exec' in runtime && 'attach' in runtime && 'portOf' in runtime;
