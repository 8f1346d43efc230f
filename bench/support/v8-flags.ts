import { spawnSync } from 'node:child_process';

/**
 * V8 flags the benchmarks run with. A 64 MB young generation (semi-space) lets a page of 10,000 decoded
 * events die young instead of being copied by every scavenge; the kes processes should run with the same
 * flag (bin/kes, bin/kesadm), so the figures are what they would see.
 */
export const V8_FLAGS: readonly string[] = ['--max-semi-space-size=64'];

/**
 * Runs this script again in a child with `flags` when this process lacks them (they must be given at
 * start-up), and returns the child's exit code; returns undefined when the flags are already in effect.
 */
export function rerunWithFlags(flags: readonly string[]): number | undefined {
  const missing = flags.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0) return undefined;
  const child = spawnSync(process.execPath, [...process.execArgv, ...missing, ...process.argv.slice(1)], { stdio: 'inherit' });
  if (child.error) throw child.error;
  return child.status ?? 1;
}
