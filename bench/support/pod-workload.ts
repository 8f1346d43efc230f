import type { Clock } from '../../application/ports/clock.js';
import type { IdGenerator } from '../../application/ports/ids.js';
import { changesOf } from '../../application/projections/read-models.js';
import { caughtUp } from '../../application/projections/wait-for.js';
import { kubeletPods } from '../../application/reconcilers/kubelet-pods.js';
import { ReconcilerRunner } from '../../application/reconcilers/runner.js';
import type { ControlPlane } from '../../apps/control-plane/control-plane.js';
import { simulatedRegistration } from '../../apps/simulate/registration.js';
import { SimulatedRuntime } from '../../infrastructure/runtime/simulated/simulated-runtime.js';
import { untilTrue } from './node-pods.js';
import { epochMs, runPodClient, type PodLoad } from './pod-client.js';

/** Requests the pod client keeps in flight, and keys each kubelet loop works on at once. */
export const IN_FLIGHT = 64;

export type BenchClient = Readonly<{ server: string; token: string; ca: string }>;

/** Registers `count` simulated nodes (8 CPUs, 32 GiB, 110 pods) straight through the control plane, as their kubelets would. */
export async function registerNodes(plane: ControlPlane, count: number, clock: Clock, ids: IdGenerator): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `sim-${i + 1}`);
  const shape = { cpuMillis: 8000, memoryBytes: 32 * 2 ** 30, pods: 110, labels: {} };
  for (let i = 0; i < names.length; i += 256)
    await Promise.all(names.slice(i, i + 256).map((name, j) =>
      plane.handle({ type: 'RegisterNode', data: simulatedRegistration(name, i + j + 1, shape), metadata: { commandId: ids.newId(), actor: `system:node:${name}`, at: clock.now() } })));
  return names;
}

/** One kubelet pod loop for every simulated node, on a zero-latency simulated runtime, in this process. */
export function simulatedKubelets(plane: ControlPlane, nodes: readonly string[], clock: Clock, ids: IdGenerator, log: (line: string) => void) {
  const hosted = new Set(nodes);
  const runtime = new SimulatedRuntime(clock, { startLatencyMs: 0, failureRate: 0 });
  const runner = new ReconcilerRunner(kubeletPods(plane.models, runtime, (n) => hosted.has(n)), { sender: { send: plane.handleInProcess }, clock, ids, log }, { concurrency: IN_FLIGHT, caughtUp: (p) => caughtUp(plane.models, p) }).start();
  return { stop: () => (runner.stop(), runtime.close()) };
}

/** Long enough for anything slower than 20 pods/s to be a failure rather than a figure. */
const waitMsFor = (pods: number) => 60_000 + pods * 50;

/**
 * Pods created through the API by a client on its own thread, and when the control plane's read models first
 * saw each bound and Running (the API server's view: what a watch would report).
 */
export function podWorkload(plane: ControlPlane, client: BenchClient) {
  const bound = new Map<string, number>();
  const running = new Map<string, number>();
  const watching = changesOf(plane.models, 'Pod').subscribe((c) => {
    if (c.view.nodeName && !bound.has(c.key)) bound.set(c.key, epochMs());
    if (c.view.phase === 'Running' && !running.has(c.key)) running.set(c.key, epochMs());
  });
  const send = (load: PodLoad) => runPodClient(client.server, client.token, client.ca, load);
  const keysOf = (sent: readonly { name: string }[]) => sent.map(({ name }) => `default.${name}`);
  const allRunning = (keys: readonly string[]) => untilTrue(() => keys.every((key) => running.has(key)), waitMsFor(keys.length), `${keys.length} pods Running`);

  return {
    allRunning,
    /** `count` pods as fast as the API takes them: pods bound per second, first create to last binding. */
    burst: async (prefix: string, count: number) => {
      const sent = await send({ mode: 'burst', prefix, count, inFlight: IN_FLIGHT });
      const created = epochMs();
      const keys = keysOf(sent);
      await untilTrue(() => keys.every((key) => bound.has(key)), waitMsFor(count), `${count} pods bound`);
      const start = Math.min(...sent.map((p) => p.sentAt));
      const seconds = (at: number) => (at - start) / 1000;
      return { keys, boundPerS: count / seconds(Math.max(...keys.map((key) => bound.get(key)!))), createdPerS: count / seconds(created) };
    },
    /** Pods at `rate` per second for `seconds`: each one's create sent → Running seen, ascending. */
    steady: async (prefix: string, rate: number, seconds: number) => {
      const sent = await send({ mode: 'steady', prefix, rate, seconds });
      await allRunning(keysOf(sent));
      return sent.map(({ name, sentAt }) => running.get(`default.${name}`)! - sentAt).sort((a, b) => a - b);
    },
    stop: () => watching.unsubscribe(),
  };
}
