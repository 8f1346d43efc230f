import { SIMULATED_NODE_BASE, simulatedContainerUsage } from '../../domain/metrics/simulated-usage.js';
import { splitNamespacedKey } from '../../domain/shared/object-meta.js';
import type { NodeView } from '../projections/node-view.js';
import { kubeletAddressOf } from './kubelet-address.js';
import type { ReadModels } from '../projections/read-models.js';
import type { KubeletStats, NodeUsage, PodUsage } from '../ports/resource-usage.js';

const SIMULATED_WINDOW_SECONDS = 10;

/** A node whose kubelet runs no processes (`kes simulate`): it has no summary to ask for, its usage is made up. */
export const isSimulated = (node: NodeView) => node.nodeInfo.containerRuntimeVersion.startsWith('simulated://');

/** The pods of a simulated node that run (Running), each container at its simulated usage; the node is their sum and a base. */
export function simulatedNodeUsage(models: ReadModels, nodeName: string, at: string): NodeUsage {
  const pods: PodUsage[] = [...(models.podIndex.byNode.get(nodeName) ?? [])].flatMap((key) => {
    const pod = models.pods.get(key);
    if (!pod || pod.phase !== 'Running') return [];
    return [{ ...splitNamespacedKey(key), containers: pod.spec.containers.map((c) => ({ name: c.name, ...simulatedContainerUsage(c) })) }];
  });
  const sum = (pick: (u: { cpuNanoCores: number; memoryBytes: number }) => number) =>
    pods.flatMap((p) => p.containers).reduce((n, c) => n + pick(c), 0);
  return {
    timestamp: at, windowSeconds: SIMULATED_WINDOW_SECONDS, pods,
    cpuNanoCores: SIMULATED_NODE_BASE.cpuNanoCores + sum((c) => c.cpuNanoCores),
    memoryBytes: SIMULATED_NODE_BASE.memoryBytes + sum((c) => c.memoryBytes),
  };
}

/**
 * What each node uses now, as metrics-server gathers it: every node's kubelet asked at once for its summary
 * (simulated nodes made up from their pods); a node that cannot be asked, or does not answer, is left out.
 */
export async function nodeUsages(models: ReadModels, stats: KubeletStats | undefined, at: string, only?: string): Promise<Map<string, NodeUsage>> {
  const nodes = [...models.nodes.values()].filter((n) => only === undefined || n.name === only);
  const answers = await Promise.all(nodes.map(async (node): Promise<[string, NodeUsage | undefined]> => {
    if (isSimulated(node)) return [node.name, simulatedNodeUsage(models, node.name, at)];
    const address = kubeletAddressOf(node);
    if (!stats || !address) return [node.name, undefined];
    return [node.name, await stats.summary(address).catch(() => undefined)];
  }));
  return new Map(answers.filter((a): a is [string, NodeUsage] => a[1] !== undefined));
}
