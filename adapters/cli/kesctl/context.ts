import { CommanderError, type Command } from 'commander';
import type { Writable } from 'node:stream';
import { existsSync, readFileSync } from 'node:fs';
import { defaultKubeconfigPath, readKubeconfig } from '../kubeconfig.js';
import { ApiClient, ApiError, CliError, ConnectionError } from './api-client.js';

/**
 * Where kesctl reads and writes; `now`, `fetch` and `sleep` let tests pin the clock, the transport and the waits
 * between polls; `stdin` (default process.stdin) is what `-f -` reads.
 */
export type KesctlIo = {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
  now?: () => Date;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
};

type GlobalOptions = {
  kubeconfig?: string;
  server?: string;
  token?: string;
  certificateAuthority?: string;
  insecureSkipTlsVerify?: boolean;
  namespace?: string;
};

/** What a command's action needs: the API client (from flags over the kubeconfig), output and the clock. */
export class KesctlContext {
  constructor(
    private readonly io: KesctlIo,
    private readonly command: Command,
  ) {}

  client(): ApiClient {
    const flags = this.command.optsWithGlobals<GlobalOptions>();
    const fromFile = this.credentialsFile(flags);
    const server = flags.server ?? fromFile?.server;
    if (!server) throw new CliError('no API server to talk to: pass --server URL, or --kubeconfig FILE, or set KUBECONFIG');
    const insecureSkipTlsVerify = flags.insecureSkipTlsVerify ?? fromFile?.insecureSkipTlsVerify;
    const ca = flags.certificateAuthority ? readCa(flags.certificateAuthority) : fromFile?.caData;
    if (insecureSkipTlsVerify && flags.certificateAuthority)
      throw new CliError('specifying a root certificates file with the insecure flag is not allowed');
    return new ApiClient({ server, token: flags.token ?? fromFile?.token, fetch: this.io.fetch, ca, insecureSkipTlsVerify });
  }

  /** `-n`, else the kubeconfig context's namespace, else `default`. */
  namespace(): string {
    const flags = this.command.optsWithGlobals<GlobalOptions>();
    if (flags.namespace) return flags.namespace;
    try {
      return this.credentialsFile(flags)?.namespace || 'default';
    } catch {
      return 'default';
    }
  }

  /** The namespace given with `-n`, if any: manifests naming another one are refused, as kubectl does. */
  explicitNamespace(): string | undefined {
    return this.command.optsWithGlobals<GlobalOptions>().namespace;
  }

  stdin(): NodeJS.ReadableStream {
    return this.io.stdin ?? process.stdin;
  }

  sleep(ms: number): Promise<void> {
    return this.io.sleep ? this.io.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
  }

  out(text: string): void {
    this.io.stdout.write(text);
  }

  err(text: string): void {
    this.io.stderr.write(text);
  }

  /** Prints a failure as one line on stderr, in kubectl's words. */
  report(err: unknown): void {
    this.err(`${errorLine(err)}\n`);
  }

  now(): Date {
    return this.io.now?.() ?? new Date();
  }

  private credentialsFile(flags: GlobalOptions) {
    return flags.server && flags.token && !flags.kubeconfig ? undefined : this.kubeconfig(flags);
  }

  private kubeconfig(flags: GlobalOptions) {
    const path = flags.kubeconfig ?? defaultKubeconfigPath(this.io.env);
    if (!flags.kubeconfig && !existsSync(path)) {
      // Without --kubeconfig a missing default file is fine when --server says where to go.
      if (flags.server) return undefined;
      throw new CliError(`no kubeconfig at ${path}: pass --kubeconfig FILE (or set KUBECONFIG), or --server URL and --token TOKEN`);
    }
    return readKubeconfig(path);
  }
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read --certificate-authority ${file}: ${(err as Error).message}`);
  }
}

/**
 * Wraps a command action: a failure prints one line on stderr; a non-zero result becomes a CommanderError
 * carrying the exit code, which `parseAsync` rejects with (the program uses exitOverride).
 */
export function action<A extends unknown[]>(io: KesctlIo, run: (context: KesctlContext, ...args: A) => Promise<number | void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const context = new KesctlContext(io, command);
    let code: number;
    try {
      code = (await run(context, ...(args.slice(0, -1) as A))) ?? 0;
    } catch (err) {
      context.report(err);
      code = 1;
    }
    if (code !== 0) throw new CommanderError(code, 'kesctl.failed', 'kesctl: command failed');
  };
}

export function errorLine(err: unknown): string {
  if (err instanceof ApiError || err instanceof ConnectionError) return err.message;
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}
