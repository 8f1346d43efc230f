import { join } from 'node:path';
import type { Subscription } from 'rxjs';
import { startKubeProxy } from '../../application/agents/kube-proxy.js';
import type { Clock } from '../../application/ports/clock.js';
import type { CommandSender } from '../../application/ports/command-sender.js';
import type { ContainerRuntime } from '../../application/ports/container-runtime.js';
import type { IdGenerator } from '../../application/ports/ids.js';
import type { PodConfigSource } from '../../application/ports/pod-config-source.js';
import type { ReadModels } from '../../application/projections/read-models.js';
import { caughtUp } from '../../application/projections/wait-for.js';
import { kubeletPods } from '../../application/reconcilers/kubelet-pods.js';
import { ReconcilerRunner } from '../../application/reconcilers/runner.js';
import type { KubeletServer } from '../../infrastructure/kubelet/kubelet-server.js';
import { TcpNodePortProxy } from '../../infrastructure/proxy/tcp-node-port-proxy.js';
import { ProcessRuntime } from '../../infrastructure/runtime/process/process-runtime.js';
import { ProcessUsageSampler } from '../../infrastructure/runtime/process/proc-usage.js';
import { SimulatedRuntime } from '../../infrastructure/runtime/simulated/simulated-runtime.js';

export const CONTAINER_RUNTIMES = ['process', 'simulated'] as const;
export type ContainerRuntimeName = (typeof CONTAINER_RUNTIMES)[number];

export type NodeWorkloadsSettings = Readonly<{
  /** `process` runs containers as processes (the default for real nodes); `simulated` runs nothing, like kwok. */
  runtime: ContainerRuntimeName;
  /** The node's data directory: the process runtime keeps its pods under `<dataDir>/runtime`. */
  dataDir: string;
  /** Where Service node ports listen (Kubernetes: every address of the node). */
  nodePortAddress: string;
}>;

export type NodeWorkloadsDeps = Readonly<{
  nodeName: string;
  models: ReadModels;
  sender: CommandSender;
  config: PodConfigSource;
  clock: Clock;
  ids: IdGenerator;
  log: (line: string) => void;
  /** The node's kubelet API (see startKubeletServer): served from this node's runtime, closed with it. */
  kubeletServer?: KubeletServer;
}>;

export type NodeWorkloads = Readonly<{ runtime: ContainerRuntime; proxy: TcpNodePortProxy; stop: () => Promise<void> }>;

/** Pods bound to this node at once, as the kubelet's pod workers. */
const POD_WORKERS = 8;

export const runtimeRoot = (dataDir: string) => join(dataDir, 'runtime');

/**
 * What a node runs besides registering and heartbeating: the kubelet's pod loop on its container runtime, and
 * kube-proxy's node ports. Stopping it stops every container it started (no process outlives its node).
 */
export async function startNodeWorkloads(deps: NodeWorkloadsDeps, settings: NodeWorkloadsSettings): Promise<NodeWorkloads> {
  const { nodeName, models, sender, clock, ids, log } = deps;
  const runtime =
    settings.runtime === 'process'
      ? await ProcessRuntime.open(runtimeRoot(settings.dataDir), { config: deps.config })
      : new SimulatedRuntime(clock, { startLatencyMs: 0, failureRate: 0 });
  if (runtime instanceof ProcessRuntime && runtime.recovered.length > 0)
    log(`kubelet ${nodeName}: stopped ${runtime.recovered.length} pod(s) a previous run left; they start again`);
  const pods = new ReconcilerRunner(kubeletPods(models, runtime, (name) => name === nodeName), { sender, clock, ids, log }, { concurrency: POD_WORKERS, caughtUp: (p) => caughtUp(models, p) }).start();
  deps.kubeletServer?.serve(runtime, runtime instanceof ProcessRuntime ? new ProcessUsageSampler(runtimeRoot(settings.dataDir), () => runtime.pods()) : undefined);
  const proxy = new TcpNodePortProxy(settings.nodePortAddress, log);
  const proxying: Subscription = startKubeProxy(models, proxy, (error) => log(`kube-proxy ${nodeName}: ${(error as Error).message}`));
  return {
    runtime,
    proxy,
    stop: async () => {
      await deps.kubeletServer?.close();
      pods.stop();
      proxying.unsubscribe();
      await proxy.close();
      if (runtime instanceof ProcessRuntime) await runtime.stopAll();
      else runtime.close();
    },
  };
}
