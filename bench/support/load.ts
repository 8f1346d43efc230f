import { performance } from 'node:perf_hooks';

export type LoadResult = Readonly<{ ops: number; seconds: number; perSecond: number; p50Ms: number; p99Ms: number }>;

/**
 * Closed-loop load: `clients` loops each await `operation` back to back until `durationMs` has passed.
 * The rate counts every operation that completed, over the time until the last one did.
 */
export async function runClients(
  clients: number,
  durationMs: number,
  operation: (client: number, iteration: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + durationMs;
  const loop = async (client: number) => {
    for (let iteration = 0; performance.now() < deadline; iteration++) {
      const begun = performance.now();
      await operation(client, iteration);
      latencies.push(performance.now() - begun);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

/** Runs the tasks `task(0)`, `task(1)`, … `task(count - 1)` with at most `width` in flight. */
export async function inParallel(count: number, width: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}

const percentile = (sorted: readonly number[], q: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
