import { readdirSync, readFileSync } from 'node:fs';
import type { ContainerUsage, NodeUsage, PodUsage, UsageSampler } from '../../../application/ports/resource-usage.js';
import { readPidFile } from './pid-file.js';
import { containerDir, podDir } from './pod-files.js';

/** Linux's USER_HZ: /proc counts CPU time in these ticks (100 on every architecture Node runs on). */
const TICKS_PER_SECOND = 100;
/** A window shorter than this says little; one older than the longest is measured afresh. */
const SHORTEST_WINDOW_MS = 1_000;
const LONGEST_WINDOW_MS = 60_000;

type Group = { ticks: number; rssBytes: number };
/** CPU ticks and resident bytes per process group, and the machine's busy ticks and used memory, at one moment. */
type Snapshot = Readonly<{ atMs: number; groups: ReadonlyMap<number, Group>; machineBusyTicks: number; machineMemoryBytes: number }>;

const readText = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Every process's group, its CPU time (utime + stime) and its VmRSS, summed by process group. */
function processGroups(): Map<number, Group> {
  const groups = new Map<number, Group>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readText(`/proc/${entry}/stat`);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const group = Number(fields[5 - 3]);
    const ticks = Number(fields[14 - 3]) + Number(fields[15 - 3]);
    const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(readText(`/proc/${entry}/status`) ?? '')?.[1] ?? 0);
    const sum = groups.get(group) ?? { ticks: 0, rssBytes: 0 };
    groups.set(group, { ticks: sum.ticks + ticks, rssBytes: sum.rssBytes + rssKb * 1024 });
  }
  return groups;
}

/** Busy ticks of all CPUs (all but idle and iowait) from /proc/stat, and memory in use (MemTotal − MemAvailable). */
function machine(): { busyTicks: number; memoryBytes: number } {
  const cpu = (readText('/proc/stat') ?? '').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busyTicks = cpu.reduce((a, b) => a + b, 0) - (cpu[3] ?? 0) - (cpu[4] ?? 0);
  const meminfo = readText('/proc/meminfo') ?? '';
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(meminfo)?.[1] ?? 0);
  return { busyTicks, memoryBytes: (kb('MemTotal') - kb('MemAvailable')) * 1024 };
}

function snapshot(now: number): Snapshot {
  const { busyTicks, memoryBytes } = machine();
  return { atMs: now, groups: processGroups(), machineBusyTicks: busyTicks, machineMemoryBytes: memoryBytes };
}

const nanoCores = (ticks: number, ms: number) => Math.max(0, Math.round((ticks / TICKS_PER_SECOND / (ms / 1000)) * 1e9));

/**
 * The process runtime's usage, as a kubelet's summary gives it: each container is the process group its pid file
 * names (the container's command and everything it started), its CPU the rate of its CPU time between two
 * snapshots (the window is the time since the last summary, at least a second), its memory the resident set
 * of the group now. The node is the whole machine, as a kubelet's root cgroup.
 */
export class ProcessUsageSampler implements UsageSampler {
  private last: Snapshot | undefined;

  constructor(
    private readonly root: string,
    private readonly pods: () => Iterable<string>,
    private readonly nowMs: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async sample(): Promise<NodeUsage> {
    let before = this.last;
    if (!before || this.nowMs() - before.atMs > LONGEST_WINDOW_MS || this.nowMs() - before.atMs < SHORTEST_WINDOW_MS) {
      before = snapshot(this.nowMs());
      await this.wait(SHORTEST_WINDOW_MS);
    }
    const after = snapshot(this.nowMs());
    this.last = after;
    const ms = Math.max(1, after.atMs - before.atMs);
    return {
      timestamp: new Date(after.atMs).toISOString(),
      windowSeconds: Math.round(ms / 1000),
      cpuNanoCores: nanoCores(after.machineBusyTicks - before.machineBusyTicks, ms),
      memoryBytes: after.machineMemoryBytes,
      pods: [...this.pods()].map((key) => this.podUsage(key, before!, after, ms)),
    };
  }

  private podUsage(key: string, before: Snapshot, after: Snapshot, ms: number): PodUsage {
    const dot = key.indexOf('.');
    const containers: ContainerUsage[] = containerNames(podDir(this.root, key)).flatMap((name) => {
      const record = readPidFile(containerDir(this.root, key, name));
      if (!record) return [];
      const now = after.groups.get(record.pid);
      const then = before.groups.get(record.pid);
      return [{ name, cpuNanoCores: now && then ? nanoCores(now.ticks - then.ticks, ms) : 0, memoryBytes: now?.rssBytes ?? 0 }];
    });
    return { namespace: key.slice(0, dot), name: key.slice(dot + 1), containers };
  }
}

/** The containers' directories of a pod (`.volumes` and files are not containers). */
function containerNames(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  } catch {
    return [];
  }
}
