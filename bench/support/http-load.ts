import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { percentile } from './report.js';
import { Pool } from 'undici';

/** HTTP/1.1 keep-alive load on one origin: `connections` clients, one request in flight on each, for `seconds`. */
export type HttpLoad = Readonly<{ origin: string; path: string; connections: number; seconds: number; warmupSeconds: number }>;
export type HttpLoadResult = Readonly<{ requests: number; errors: number; seconds: number; rps: number; p50Ms: number; p99Ms: number }>;

/**
 * Runs the load from a thread of its own, so the load generator does not share the event loop with the proxy
 * it measures. Resolves with the requests answered per second and their latency percentiles.
 */
export function runHttpLoad(load: HttpLoad): Promise<HttpLoadResult> {
  const worker = new Worker(new URL(import.meta.url), { workerData: load });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: HttpLoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`HTTP load thread exited with ${code} before it finished`)));
  });
}


/** Each connection sends its next request as soon as the last is answered, until `until`; latencies in ms. */
async function drive(pool: Pool, { path, connections }: HttpLoad, until: number): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const connection = async () => {
    while (performance.now() < until) {
      const start = performance.now();
      try {
        const { statusCode, body } = await pool.request({ path, method: 'GET' });
        await body.dump();
        if (statusCode === 200) latencies.push(performance.now() - start);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, connection));
  return { latencies, errors };
}

async function loadThread(load: HttpLoad): Promise<void> {
  const pool = new Pool(load.origin, { connections: load.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  try {
    await drive(pool, load, performance.now() + load.warmupSeconds * 1000);
    const start = performance.now();
    const { latencies, errors } = await drive(pool, load, start + load.seconds * 1000);
    const seconds = (performance.now() - start) / 1000;
    const sorted = Float64Array.from(latencies).sort();
    parentPort!.postMessage({
      requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99),
    } satisfies HttpLoadResult);
  } finally {
    await pool.close();
  }
}

if (!isMainThread && (workerData as HttpLoad | undefined)?.origin) await loadThread(workerData as HttpLoad);
