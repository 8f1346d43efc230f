import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A process as it was when started: the pid and its start time, so a pid reused by another program is told apart. */
export type PidRecord = Readonly<{ pid: number; startTime: string }>;

export const pidFile = (containerDir: string) => join(containerDir, 'pid');

/** The fields of /proc/<pid>/stat from field 3 on (the command name, field 2, may hold spaces and parentheses). */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat (clock ticks since boot), or undefined when there is no such process. */
export function processStartTime(pid: number): string | undefined {
  return statFields(pid)?.[22 - 3];
}

export function writePidFile(containerDir: string, pid: number): PidRecord {
  const record = { pid, startTime: processStartTime(pid) ?? '' };
  writeFileSync(pidFile(containerDir), `${record.pid} ${record.startTime}\n`);
  return record;
}

export function readPidFile(containerDir: string): PidRecord | undefined {
  try {
    const [pid, startTime] = readFileSync(pidFile(containerDir), 'utf8').trim().split(' ');
    return Number.isInteger(Number(pid)) && Number(pid) > 1 ? { pid: Number(pid), startTime: startTime ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

export const removePidFile = (containerDir: string) => rmSync(pidFile(containerDir), { force: true });

/**
 * Whether the record's process group may be signalled: its leader is the recorded process, or the leader is
 * gone (Linux never gives a new process a pid still used as a group id, so members left are ours).
 */
function groupIsOurs({ pid, startTime }: PidRecord): boolean {
  const now = processStartTime(pid);
  return now === undefined || now === startTime;
}

/** Signals every process of the container's group; false when none is left (or the pid now belongs to another program). */
export function signalGroup(record: PidRecord, signal: NodeJS.Signals | 0): boolean {
  if (!groupIsOurs(record)) return false;
  try {
    process.kill(-record.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Whether any process of the record's group still runs (zombies waiting to be reaped do not count). */
export function groupAlive(record: PidRecord): boolean {
  if (!groupIsOurs(record)) return false;
  const group = String(record.pid);
  return readdirSync('/proc').some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    const fields = statFields(entry);
    return fields !== undefined && fields[0] !== 'Z' && fields[5 - 3] === group;
  });
}
