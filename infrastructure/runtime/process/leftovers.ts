import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { groupAlive, readPidFile, signalGroup, type PidRecord } from './pid-file.js';

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * What a previous run of the runtime left under `<root>/pods` (a kubelet that crashed or was killed): every
 * process group named by a pid file gets SIGTERM, then SIGKILL after graceMs (a pid now used by another program
 * is left alone), and the pod directories are removed; the kubelet starts those pods again. Returns their keys.
 */
export async function cleanUpLeftovers(root: string, graceMs = 5_000): Promise<string[]> {
  const pods = join(root, 'pods');
  const keys = await entries(pods);
  const records: PidRecord[] = [];
  for (const key of keys) {
    for (const container of await entries(join(pods, key))) {
      const record = readPidFile(join(pods, key, container));
      if (record) records.push(record);
    }
  }
  const gone = () => records.every((r) => !groupAlive(r));
  records.forEach((r) => signalGroup(r, 'SIGTERM'));
  await until(gone, graceMs);
  records.forEach((r) => signalGroup(r, 'SIGKILL'));
  await until(gone, 5_000);
  for (const key of keys) await rm(join(pods, key), { recursive: true, force: true });
  return keys;
}
