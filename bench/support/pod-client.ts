import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ApiClient } from '../../infrastructure/http-client/api-client.js';

/** What the pod client thread is asked to do: a burst as fast as the API takes it, or a steady rate. */
export type PodLoad =
  | Readonly<{ mode: 'burst'; prefix: string; count: number; inFlight: number }>
  | Readonly<{ mode: 'steady'; prefix: string; rate: number; seconds: number }>;

type ClientData = Readonly<{ server: string; token: string; ca: string; load: PodLoad }>;
/** Sent back: each pod's name with the wall-clock time (ms, sub-millisecond) its create request left. */
export type PodSent = Readonly<{ name: string; sentAt: number }>;

/** Epoch milliseconds with sub-millisecond precision, comparable across threads. */
export const epochMs = () => performance.timeOrigin + performance.now();

export const podCommand = (name: string) => ({
  type: 'CreatePod',
  data: {
    meta: { name, namespace: 'default', uid: `uid-${name}`, labels: { bench: 'scheduler' }, annotations: {}, ownerReferences: [] },
    spec: {
      containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', env: [], ports: [], resources: { requests: { cpuMillis: 100, memoryBytes: 64 * 2 ** 20 } }, volumeMounts: [] }],
      volumes: [], nodeSelector: {}, tolerations: [], restartPolicy: 'Always', terminationGracePeriodSeconds: 30,
    },
  },
});

/**
 * Creates pods through the command API from a thread of its own, so the client's HTTP work is not counted
 * against the server it measures (clients are other processes in a real cluster). Resolves with every pod sent.
 */
export function runPodClient(server: string, token: string, ca: string, load: PodLoad): Promise<PodSent[]> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { server, token, ca, load } satisfies ClientData });
  return new Promise((resolve, reject) => {
    worker.once('message', (sent: PodSent[]) => resolve(sent));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`pod client thread exited with ${code} before it finished`)));
  });
}

async function burst(api: ApiClient, prefix: string, count: number, inFlight: number): Promise<PodSent[]> {
  const sent: PodSent[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const name = `${prefix}-${next++}`;
      sent.push({ name, sentAt: epochMs() });
      await api.request('POST', '/kes/v1/commands', podCommand(name));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return sent;
}

async function steady(api: ApiClient, prefix: string, rate: number, seconds: number): Promise<PodSent[]> {
  const sent: PodSent[] = [];
  const requests: Promise<unknown>[] = [];
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const name = `${prefix}-${i}`;
    sent.push({ name, sentAt: epochMs() });
    requests.push(api.request('POST', '/kes/v1/commands', podCommand(name)));
  }
  await Promise.all(requests);
  return sent;
}

async function clientThread({ server, token, ca, load }: ClientData): Promise<void> {
  const api = new ApiClient(server, token, { ca });
  try {
    const sent = load.mode === 'burst' ? await burst(api, load.prefix, load.count, load.inFlight) : await steady(api, load.prefix, load.rate, load.seconds);
    parentPort!.postMessage(sent);
  } finally {
    await api.close();
  }
}

if (!isMainThread && (workerData as ClientData | undefined)?.load) await clientThread(workerData as ClientData);
