import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { ContainerStreamRefused, type ExecOptions, type ProcessOutput, type StreamedProcess } from '../../../application/ports/container-streams.js';
import type { ProcessInput } from './container-process.js';
import type { RunContext } from './container-runner.js';
import { TERMINAL_TYPE, TerminalProcess } from './terminal.js';

const exitCodeOf = (code: number | null, signal: NodeJS.Signals | null) => code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);

function killGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

const notStarted = (file: string, error: NodeJS.ErrnoException) => {
  const why = error.code === 'ENOENT' ? `exec: "${file}": executable file not found in $PATH` : `exec: "${file}": ${error.message}`;
  return new ContainerStreamRefused('StartFailed', `failed to exec in container: unable to start container process: ${why}`);
};

/**
 * `kubectl exec -t`: the command in a terminal of its own of the client's size, TERM set as container runtimes set
 * it; everything it writes comes out on stdout. Ending the stream kills its session's process group.
 */
function execInTerminal(context: RunContext, [file, ...args]: readonly string[], options: ExecOptions, output: ProcessOutput): StreamedProcess {
  let terminal: TerminalProcess;
  try {
    terminal = TerminalProcess.start({ file, args, cwd: context.cwd, env: { ...context.env, TERM: TERMINAL_TYPE }, uid: context.uid, gid: context.gid, size: options.size });
  } catch (error) {
    throw notStarted(file, error as NodeJS.ErrnoException);
  }
  terminal.onOutput(output.stdout);
  return {
    write: (chunk) => (options.stdin ? terminal.write(chunk) : undefined),
    // A terminal has no end of input but the ^D its client types, which comes as a byte like any other.
    endInput: () => undefined,
    exited: terminal.exited.then((exit) => exit.exitCode),
    stop: () => terminal.signalGroup('SIGKILL'),
    resize: (size) => terminal.resize(size),
  };
}

/**
 * `kubectl exec`: the command beside the container's process, in its directory, environment and user, in a process
 * group of its own (killed when the client goes away), in a terminal when the client asks for one. Resolves once it
 * runs; a command that cannot start is refused with the runtime's words.
 */
export function execIn(context: RunContext, command: readonly string[], options: ExecOptions, output: ProcessOutput): Promise<StreamedProcess> {
  if (options.tty) return new Promise((resolve) => resolve(execInTerminal(context, command, options, output)));
  const [file, ...args] = command;
  const user = context.uid !== undefined ? { uid: context.uid, ...(context.gid !== undefined ? { gid: context.gid } : {}) } : {};
  const child = spawn(file, args, { cwd: context.cwd, env: context.env, detached: true, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], ...user });
  child.stdout?.on('data', (chunk: Buffer) => output.stdout(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.stderr(chunk));
  child.stdin?.on('error', () => undefined);
  const exited = new Promise<number>((resolve) => child.once('close', (code, signal) => resolve(exitCodeOf(code, signal))));
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      reject(notStarted(file, error));
    });
    child.once('spawn', () =>
      resolve({
        write: (chunk) => void child.stdin?.write(chunk),
        endInput: () => void child.stdin?.end(),
        exited,
        stop: () => killGroup(child.pid),
        resize: () => undefined,
      }),
    );
  });
}

/**
 * `kubectl attach` to a container running in a terminal: what the terminal shows from now on, what is typed at it
 * (when the container keeps stdin), and the client's size. Ends when the process does or the client goes away.
 */
export function attachTerminal(terminal: TerminalProcess, input: ProcessInput | undefined, output: ProcessOutput): StreamedProcess {
  const unsubscribe = terminal.onOutput(output.stdout);
  let detached: () => void = () => undefined;
  const exited = Promise.race([terminal.exited, new Promise<void>((resolve) => (detached = resolve))]).then(() => {
    unsubscribe();
    return 0;
  });
  return { write: (chunk) => input?.write(chunk), endInput: () => undefined, exited, stop: () => detached(), resize: (size) => terminal.resize(size) };
}
