import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { ContainerStreamRefused, type ExecOptions, type ProcessOutput, type StreamedProcess } from '../../../application/ports/container-streams.js';
import type { RunContext } from './container-runner.js';

const exitCodeOf = (code: number | null, signal: NodeJS.Signals | null) => code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);

function killGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * `kubectl exec`: the command beside the container's process, in its directory, environment and user, in a process
 * group of its own (killed when the client goes away). With a TTY, stderr joins stdout as on a terminal. Resolves
 * once it runs; a command that cannot start is refused with the runtime's words.
 */
export function execIn(context: RunContext, command: readonly string[], options: ExecOptions, output: ProcessOutput): Promise<StreamedProcess> {
  const [file, ...args] = command;
  const user = context.uid !== undefined ? { uid: context.uid, ...(context.gid !== undefined ? { gid: context.gid } : {}) } : {};
  const child = spawn(file, args, { cwd: context.cwd, env: context.env, detached: true, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'], ...user });
  child.stdout?.on('data', (chunk: Buffer) => output.stdout(chunk));
  child.stderr?.on('data', (chunk: Buffer) => (options.tty ? output.stdout(chunk) : output.stderr(chunk)));
  child.stdin?.on('error', () => undefined);
  const exited = new Promise<number>((resolve) => child.once('close', (code, signal) => resolve(exitCodeOf(code, signal))));
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      const why = error.code === 'ENOENT' ? `exec: "${file}": executable file not found in $PATH` : `exec: "${file}": ${error.message}`;
      reject(new ContainerStreamRefused('StartFailed', `failed to exec in container: unable to start container process: ${why}`));
    });
    child.once('spawn', () =>
      resolve({
        write: (chunk) => void child.stdin?.write(chunk),
        endInput: () => void child.stdin?.end(),
        exited,
        stop: () => killGroup(child.pid),
      }),
    );
  });
}
