import { spawn as spawnPty, type IPty } from '@lydell/node-pty';
import { accessSync, constants as fs, statSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import type { TerminalSize } from '../../../application/ports/container-streams.js';

/** What a terminal of unknown size starts as (the size of a VT100, as runc's console starts before a resize). */
export const DEFAULT_TERMINAL_SIZE: TerminalSize = { cols: 80, rows: 24 };

/** What kubelet runtimes (containerd's CRI, Docker) set TERM to in a process given a terminal. */
export const TERMINAL_TYPE = 'xterm';

export type TerminalSpec = Readonly<{
  file: string;
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
  uid?: number;
  gid?: number;
  size?: TerminalSize;
}>;

export type TerminalExit = Readonly<{ exitCode: number; signal?: number }>;

const isExecutable = (path: string) => {
  try {
    accessSync(path, fs.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * Where `file` is found as execvp(3) looks for it: itself when it names a path (from cwd), else the first executable
 * of that name on the PATH of `env`. The terminal's child cannot tell its parent that exec failed, so this is asked first.
 */
export function executablePath(file: string, env: Readonly<Record<string, string>>, cwd: string): string | undefined {
  if (file.includes('/')) return isExecutable(resolve(cwd, file)) ? file : undefined;
  const path = env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  return path.split(delimiter).map((dir) => resolve(cwd, dir || '.', file)).find(isExecutable);
}

/** Clamps a client's size to what a terminal takes (a zero or absurd size would confuse the programs in it). */
const cells = (n: number) => Math.min(Math.max(Math.trunc(n), 1), 10_000);

/**
 * A process with a pseudo-terminal as its stdin, stdout and stderr (forkpty: a session and process group of its
 * own, the terminal its controlling one). What it writes comes out of the terminal's master side as bytes.
 */
export class TerminalProcess {
  readonly exited: Promise<TerminalExit>;

  private constructor(private readonly pty: IPty) {
    this.exited = new Promise((done) => pty.onExit(({ exitCode, signal }) => done({ exitCode: signal ? 128 + signal : exitCode, ...(signal ? { signal } : {}) })));
  }

  /** Starts it; throws when `file` cannot be found or run (ENOENT), as spawn would. */
  static start(spec: TerminalSpec): TerminalProcess {
    if (!executablePath(spec.file, spec.env, spec.cwd)) throw Object.assign(new Error(`spawn ${spec.file} ENOENT`), { code: 'ENOENT' });
    const { cols, rows } = spec.size ?? DEFAULT_TERMINAL_SIZE;
    const pty = spawnPty(spec.file, [...spec.args], {
      name: spec.env.TERM ?? TERMINAL_TYPE,
      cols: cells(cols),
      rows: cells(rows),
      cwd: spec.cwd,
      env: spec.env,
      encoding: null,
      ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
      ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
    });
    return new TerminalProcess(pty);
  }

  get pid(): number {
    return this.pty.pid;
  }

  /** Calls back with what the process writes, until the returned function is called. */
  onOutput(listener: (chunk: Uint8Array) => void): () => void {
    const subscription = this.pty.onData((data) => listener(data as unknown as Buffer));
    return () => subscription.dispose();
  }

  /** Types bytes at the terminal (its line discipline echoes them and turns ^C into SIGINT, as a terminal does). */
  write(chunk: Uint8Array): void {
    (this.pty.write as (data: string | Buffer) => void)(Buffer.from(chunk));
  }

  resize({ cols, rows }: TerminalSize): void {
    try {
      this.pty.resize(cells(cols), cells(rows));
    } catch {
      // the terminal is gone with its process: nothing to resize
    }
  }

  /** Signals the process group the terminal's process leads (its session). */
  signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pty.pid, signal);
    } catch {
      // already gone
    }
  }
}
