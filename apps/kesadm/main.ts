import 'reflect-metadata';
import { CommanderError } from 'commander';
import { hostname } from 'node:os';
import { buildKesadm, nodeNameFromHost } from '../../adapters/cli/kesadm/program.js';
import { init, KesadmError, start } from './master.js';
import { natsConfig } from './nats-users.js';
import { restore } from './restore.js';
import { verify } from './verify.js';
import { tokenCreate, tokenDelete, tokenList } from './tokens.js';
import { join, reset } from './worker.js';

export async function runKesadm(argv: readonly string[]): Promise<number> {
  const program = buildKesadm({ init, start, join, reset, tokenCreate, tokenList, tokenDelete, natsConfig, restore, verify }, nodeNameFromHost(hostname())).exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`error: ${error instanceof KesadmError ? error.message : (error as Error).message}\n`);
    return 1;
  }
}

