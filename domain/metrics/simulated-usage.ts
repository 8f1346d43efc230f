import type { Container } from '../pod/pod-spec.js';

/**
 * What a container on a simulated node uses: no process runs, so usage is made up, deterministically, from what
 * it asks for — half its requests, or a small floor for a container that requests nothing — so `kubectl top`
 * shows numbers that move with the workload.
 */
export const SIMULATED_SHARE = 0.5;
const FLOOR_CPU_MILLIS = 1;
const FLOOR_MEMORY_BYTES = 4 * 2 ** 20;
/** What a simulated node's own daemons use, besides its pods. */
export const SIMULATED_NODE_BASE = { cpuNanoCores: 50_000_000, memoryBytes: 256 * 2 ** 20 } as const;

export function simulatedContainerUsage(container: Pick<Container, 'resources'>): { cpuNanoCores: number; memoryBytes: number } {
  const { cpuMillis, memoryBytes } = container.resources.requests;
  return {
    cpuNanoCores: Math.round(Math.max(FLOOR_CPU_MILLIS, cpuMillis * SIMULATED_SHARE) * 1_000_000),
    memoryBytes: Math.round(Math.max(FLOOR_MEMORY_BYTES, memoryBytes * SIMULATED_SHARE)),
  };
}
