import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { TerminatedState } from '../../../domain/pod/pod.js';
import { LogFileWriter } from './log-records.js';
import { removePidFile, signalGroup, writePidFile, type PidRecord } from './pid-file.js';
import { TerminalProcess } from './terminal.js';

export type ProcessSpec = Readonly<{
  command: string;
  args: readonly string[];
  cwd: string;
  /** Where the process starts, when not in cwd (a container's workingDir). */
  workingDir?: string;
  /** The user and group it runs as (only when this process may switch: it runs as root). */
  uid?: number;
  gid?: number;
  env: Readonly<Record<string, string>>;
  /** Where stdout and stderr go (appended). */
  logPath: string;
  /** A stdin pipe (`stdin` of the ContainerProcess) instead of none. */
  stdin?: boolean;
  /** A terminal for stdin, stdout and stderr (`tty: true`): what it writes is logged as stdout. */
  tty?: boolean;
}>;

/** Where the container's process reads from: its stdin pipe, or its terminal. */
export type ProcessInput = Readonly<{ write(chunk: Uint8Array): void; end(): void }>;

/** How a run ended, without its start time (the caller knows it). */
export type ProcessExit = Omit<TerminatedState, 'startedAt'>;

// Every group this process started and that may still run: killed when this process exits, whatever the reason.
const live = new Set<PidRecord>();
let exitHookInstalled = false;
function track(record: PidRecord): void {
  live.add(record);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => live.forEach((r) => signalGroup(r, 'SIGKILL')));
}

/** How long a run's end waits for its log pipes to close (a process that left the group may hold them). */
const PIPE_DRAIN_MS = 2_000;

const signalNumber = (signal: NodeJS.Signals) => constants.signals[signal] ?? 0;

/**
 * One run of a container: its command in a process group of its own (spawned detached, no shell), stdout and
 * stderr appended to the log file, the pid and start time in `<cwd>/pid`. When the leader exits, what is left of
 * its group is killed, as a container's cgroup would be.
 */
export class ContainerProcess {
  private killTimer?: NodeJS.Timeout;
  private killAt = Infinity;
  private done = false;

  private constructor(
    readonly record: PidRecord | undefined,
    readonly exited: Promise<ProcessExit>,
    readonly stdin?: ProcessInput,
    /** The terminal it runs in, when its container asks for one. */
    readonly terminal?: TerminalProcess,
  ) {}

  /** Resolves once the process runs (or failed to start: then `record` is undefined and `exited` tells why). */
  static start(spec: ProcessSpec, now: () => string): Promise<ContainerProcess> {
    if (spec.tty) return Promise.resolve(ContainerProcess.startInTerminal(spec, now));
    const log = new LogFileWriter(spec.logPath);
    let child;
    try {
      child = spawn(spec.command, [...spec.args], {
        cwd: spec.workingDir ?? spec.cwd, env: spec.env, detached: true, stdio: [spec.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
        ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
        ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
      });
    } catch (error) {
      log.close();
      const failed = { exitCode: 128, reason: 'StartError', message: `failed to start ${JSON.stringify(spec.command)}: ${(error as Error).message}`, finishedAt: now() };
      return Promise.resolve(new ContainerProcess(undefined, Promise.resolve(failed)));
    }
    child.stdout!.on('data', (chunk: Buffer) => log.write('stdout', chunk));
    child.stderr!.on('data', (chunk: Buffer) => log.write('stderr', chunk));
    // Everything written is in the log before the run counts as ended: 'close' comes after the pipes are drained.
    const drained = new Promise<void>((done) => child.once('close', () => done()));
    return new Promise((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (child.pid !== undefined) return;
        log.close();
        const reason = error.code === 'ENOENT' ? 'executable file not found' : error.message;
        const failed = { exitCode: 128, reason: 'StartError', message: `failed to start ${JSON.stringify(spec.command)} in ${spec.cwd}: ${reason} (${error.code ?? 'error'})`, finishedAt: now() };
        resolve(new ContainerProcess(undefined, Promise.resolve(failed)));
      });
      child.once('spawn', () => {
        const record = writePidFile(spec.cwd, child.pid!);
        track(record);
        const exited = new Promise<ProcessExit>((done) =>
          child.once('exit', (code, signal) => {
            // What is left of the group is killed, so no process of it keeps the log pipes open.
            signalGroup(record, 'SIGKILL');
            live.delete(record);
            removePidFile(spec.cwd);
            const exitCode = code ?? 128 + (signal ? signalNumber(signal) : 0);
            const exit = { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', ...(signal ? { signal: signalNumber(signal) } : {}), finishedAt: now() };
            void Promise.race([drained, new Promise((r) => setTimeout(r, PIPE_DRAIN_MS))]).then(() => {
              log.close();
              done(exit);
            });
          }),
        );
        // A writer gone (the process closed its stdin) is not the runtime's failure.
        child.stdin?.on('error', () => undefined);
        const stdin = child.stdin ?? undefined;
        const running = new ContainerProcess(record, exited, stdin && { write: (chunk) => void stdin.write(chunk), end: () => void stdin.end() });
        void exited.then(() => running.settled());
        resolve(running);
      });
    });
  }

  /**
   * A run in a terminal of its own (its session, its process group): everything it writes is logged as stdout, as
   * container runtimes log a terminal's output; stdin, when kept, is what is typed at the terminal.
   */
  private static startInTerminal(spec: ProcessSpec, now: () => string): ContainerProcess {
    const log = new LogFileWriter(spec.logPath);
    let terminal: TerminalProcess;
    try {
      const user = { ...(spec.uid !== undefined ? { uid: spec.uid } : {}), ...(spec.gid !== undefined ? { gid: spec.gid } : {}) };
      terminal = TerminalProcess.start({ file: spec.command, args: spec.args, cwd: spec.workingDir ?? spec.cwd, env: spec.env, ...user });
    } catch (error) {
      log.close();
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'executable file not found' : (error as Error).message;
      const failed = { exitCode: 128, reason: 'StartError', message: `failed to start ${JSON.stringify(spec.command)} in ${spec.cwd}: ${reason}`, finishedAt: now() };
      return new ContainerProcess(undefined, Promise.resolve(failed));
    }
    terminal.onOutput((chunk) => log.write('stdout', Buffer.from(chunk)));
    const record = writePidFile(spec.cwd, terminal.pid);
    track(record);
    // The terminal's exit comes once its output was read to the end (or the terminal was closed).
    const exited = terminal.exited.then(({ exitCode, signal }) => {
      signalGroup(record, 'SIGKILL');
      live.delete(record);
      removePidFile(spec.cwd);
      log.close();
      return { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', ...(signal ? { signal } : {}), finishedAt: now() };
    });
    const input = spec.stdin ? { write: (chunk: Uint8Array) => terminal.write(chunk), end: () => undefined } : undefined;
    const running = new ContainerProcess(record, exited, input, terminal);
    void exited.then(() => running.settled());
    return running;
  }

  /** SIGTERM to the group now, SIGKILL once graceMs have passed; a later call may only shorten the grace. */
  terminate(graceMs: number): void {
    if (this.done || !this.record) return;
    const at = Date.now() + graceMs;
    if (at >= this.killAt) return;
    if (this.killAt === Infinity) signalGroup(this.record, graceMs <= 0 ? 'SIGKILL' : 'SIGTERM');
    this.killAt = at;
    clearTimeout(this.killTimer);
    const record = this.record;
    this.killTimer = setTimeout(() => signalGroup(record, 'SIGKILL'), Math.max(0, graceMs));
  }

  private settled(): void {
    this.done = true;
    clearTimeout(this.killTimer);
  }
}
