import { readdirSync, readlinkSync } from 'node:fs';

/** The processes whose working directory is under `dir` (the process runtime starts every container in its own). */
export function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** SIGKILL for each process and its group (containers lead groups of their own); synchronous, for exit handlers. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids)
    for (const target of [-pid, pid])
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
}
