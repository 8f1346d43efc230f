import { readdirSync, readFileSync } from 'node:fs';

/**
 * The environment variable that marks every process a test run started: its value is the marker of the process
 * that guards them (`<parent marker>/<id>` when guards nest). A process carries it from its start on (read from
 * /proc/<pid>/environ), so a child that left its parent's process group or session is found all the same.
 */
export const TEST_RUN_VAR = 'KES_TEST_RUN';

/** Whether a process's marker is `marker` or one nested under it. */
export const isUnder = (value: string, marker: string) => value === marker || value.startsWith(`${marker}/`);

function markerOf(pid: string): string | undefined {
  try {
    const prefix = `${TEST_RUN_VAR}=`;
    const entry = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').find((e) => e.startsWith(prefix));
    return entry?.slice(prefix.length);
  } catch {
    return undefined;
  }
}

/** Running (not zombie) processes other than this one. */
function otherLivePids(): string[] {
  return readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return false;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
    } catch {
      return false;
    }
  });
}

export type MarkedProcess = Readonly<{ pid: number; marker: string; command: string }>;

/** Every live process (but this one) marked with `marker` or under it. */
export function markedProcesses(marker: string): MarkedProcess[] {
  return otherLivePids().flatMap((pid) => {
    const value = markerOf(pid);
    if (value === undefined || !isUnder(value, marker)) return [];
    let command = '';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      // gone meanwhile
    }
    return [{ pid: Number(pid), marker: value, command }];
  });
}

/** Signals each marked process right after reading its marker (no time for its pid to be reused); the pids signalled. */
export function signalMarked(marker: string, signal: NodeJS.Signals): number[] {
  return otherLivePids().flatMap((pid) => {
    const value = markerOf(pid);
    if (value === undefined || !isUnder(value, marker)) return [];
    try {
      process.kill(Number(pid), signal);
      return [Number(pid)];
    } catch {
      return [];
    }
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Ends every process marked `marker` or under it: SIGTERM (a kes node then stops its pods), SIGKILL to what is
 * left after `graceMs`, and SIGKILL again until a scan finds none (a process forked meanwhile is marked too).
 */
export async function killMarked(marker: string, graceMs = 3_000): Promise<void> {
  if (signalMarked(marker, 'SIGTERM').length === 0) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && markedProcesses(marker).length > 0) await sleep(50);
  for (let round = 0; round < 1_000 && signalMarked(marker, 'SIGKILL').length > 0; round++) await sleep(20);
}

/**
 * For the end of a test run: waits up to `waitMs` for the processes marked `marker` or under it to end (guardians
 * still at work), then SIGKILLs what is left; what was left, for the run to report as leaked.
 */
export async function reapLeftovers(marker: string, waitMs = 15_000): Promise<MarkedProcess[]> {
  const deadline = Date.now() + waitMs;
  let left = markedProcesses(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    left = markedProcesses(marker);
  }
  for (let round = 0; round < 1_000 && signalMarked(marker, 'SIGKILL').length > 0; round++) await sleep(20);
  return left;
}
