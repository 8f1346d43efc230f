import type { ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import type { PodConfigData, PodConfigSource } from '../../application/ports/pod-config-source.js';
import type { PodView } from '../../application/projections/workload-views.js';
import type { ContainerStatus } from '../../domain/pod/pod.js';
import type { Container, PodSpec, Probe } from '../../domain/pod/pod-spec.js';
import { ProcessRuntime, type ProcessRuntimeOptions } from '../../infrastructure/runtime/process/process-runtime.js';
import { guardThisProcess } from './process-guard.js';
import { eventually } from './processes.js';
import { tempDir } from './tmp.js';

/** A container that runs a tiny Node program. */
export function nodeContainer(name: string, script: string, extra: Partial<Container> = {}): Container {
  return {
    name,
    image: 'node:20',
    command: [process.execPath, '-e', script],
    env: [],
    ports: [],
    resources: { requests: { cpuMillis: 10, memoryBytes: 2 ** 20 } },
    volumeMounts: [],
    ...extra,
  };
}

export function podView(name: string, containers: readonly Container[], spec: Partial<PodSpec> = {}, namespace = 'default'): PodView {
  return {
    meta: { name, namespace, uid: `uid-${name}`, labels: { app: name }, annotations: {}, ownerReferences: [], creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { containers, volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always', terminationGracePeriodSeconds: 5, ...spec },
    nodeName: 'n1',
    phase: 'Pending',
    conditions: [],
    containerStatuses: [],
    status: 'bound',
    resourceVersion: 1,
  };
}

export const probe = (handler: Probe['handler'], extra: Partial<Probe> = {}): Probe => ({
  handler, initialDelaySeconds: 0, periodSeconds: 1, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 1, ...extra,
});

/** ConfigMaps and Secrets by `<namespace>/<name>`, changeable while a test runs. */
export function configSource(configMaps: Record<string, PodConfigData> = {}, secrets: Record<string, PodConfigData> = {}) {
  const source: PodConfigSource = {
    configMap: async (namespace, name) => configMaps[`${namespace}/${name}`],
    secret: async (namespace, name) => secrets[`${namespace}/${name}`],
  };
  return { source, configMaps, secrets };
}

/** A process runtime in a fresh directory; every process it started is stopped at teardown, pass or fail. */
export async function processRuntime(t: ExecutionContext, options: Partial<ProcessRuntimeOptions> = {}) {
  // Its containers carry this process's marker, so they die with it even if it is killed.
  guardThisProcess();
  const dir = tempDir('kes-process-runtime-');
  const runtime = await ProcessRuntime.open(dir.path, { config: configSource().source, backoff: { baseMs: 100, capMs: 400 }, configRetryMs: 200, logPollMs: 50, ...options });
  t.teardown(async () => {
    await runtime.stopAll(0);
    await ProcessRuntime.reset(dir.path, 0);
    dir.remove();
  });
  return { runtime, root: dir.path };
}

/** Whether the process runs (a zombie waiting to be reaped does not). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export const GENEROUS_MS = 30_000;

/** Waits for a container's status to satisfy accept. */
export function containerBecomes(runtime: ProcessRuntime, key: string, name: string, accept: (s: ContainerStatus) => boolean, timeoutMs = GENEROUS_MS) {
  const status = () => runtime.status(key)?.containerStatuses.find((c) => c.name === name);
  return eventually(status, (s) => s !== undefined && accept(s), timeoutMs, 50) as Promise<ContainerStatus>;
}

export const podBecomes = (runtime: ProcessRuntime, key: string, accept: (s: NonNullable<ReturnType<ProcessRuntime['status']>>) => boolean, timeoutMs = GENEROUS_MS) =>
  eventually(() => runtime.status(key), (s) => s !== undefined && accept(s), timeoutMs, 50) as Promise<NonNullable<ReturnType<ProcessRuntime['status']>>>;

/** The pid the container's pid file names (while it runs). */
export function pidOf(root: string, key: string, container: string): number | undefined {
  try {
    return Number(readFileSync(`${root}/pods/${key}/${container}/pid`, 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

/** Collects an async iterable into one string. */
export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

/** What the container logged so far, or '' while it has not started. */
export async function loggedSoFar(runtime: ProcessRuntime, key: string, container: string): Promise<string> {
  try {
    return await collect(runtime.logs(key, container));
  } catch {
    return '';
  }
}
