import type { ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../infrastructure/system/free-port.js';
import { startProcess, stopCluster, type Running } from './processes.js';
import { tempDir } from './tmp.js';

export type KubectlResult = Readonly<{ code: number | null; out: string; err: string }>;

/**
 * `kesadm init --single-node` (node "solo") with `nodes` simulated nodes (`sim-1` …) from `kes simulate`, and a
 * stock kubectl pointed at it through the admin kubeconfig (its own HOME and cache). Everything is stopped and
 * removed at teardown.
 */
export async function kubectlCluster(t: ExecutionContext, nodes: number, initArgs: readonly string[] = [], simulateArgs: readonly string[] = []) {
  const dir = tempDir();
  const started: Running[] = [];
  t.teardown(() => stopCluster(started, dir));
  const port = await freeLoopbackPort();
  const dataDir = join(dir.path, 'cluster');
  const master = startProcess('kesadm', ['init', '--single-node', '--data-dir', dataDir, '--api-port', String(port), '--node-name', 'solo', ...initArgs]);
  started.push(master);
  const [joinLine] = await master.waitFor(/kesadm join \S+ --token \S+.*/, 60_000);
  await master.waitFor(/listening on https:/, 60_000);
  const [server, ...joinArgs] = joinLine.trim().split(/\s+/).slice(2);
  const simulator = startProcess('kes', ['simulate', '--server', server, ...joinArgs, '--nodes', String(nodes), '--name-prefix', 'sim-', '--heartbeat-interval', '1s', ...simulateArgs]);
  started.push(simulator);
  await simulator.waitFor(/simulated nodes? joined/, 60_000);

  const env = { ...process.env, KUBECONFIG: join(dataDir, 'admin.kubeconfig'), HOME: dir.path };
  const kubectl = (...args: string[]): KubectlResult => {
    const r = spawnSync('kubectl', ['--cache-dir', join(dir.path, 'kcache'), ...args], { env, encoding: 'utf8', timeout: 90_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  /** Writes a manifest into the cluster's directory and returns its path. */
  const file = (name: string, text: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, text);
    return path;
  };
  /** The output of a kubectl run that must succeed. */
  const ok = (result: KubectlResult) => {
    t.is(result.code, 0, result.err);
    return result.out;
  };
  return { dir, dataDir, kubectl, file, ok };
}
