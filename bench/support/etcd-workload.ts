import { nodeStream } from '../../domain/node/node.js';
import { HTTP_GATEWAY, httpGatewayDriver, loadGrpcDriver, NATIVE_GRPC, type EtcdDriver } from './etcd-client.js';
import { findEtcd, startEtcd } from './etcd-server.js';
import { runClients, type LoadResult } from './load.js';
import { nodeEvent, ownStreams } from './node-events.js';

export type EtcdRun = Readonly<{ driver: 'grpc' | 'http_gateway'; description: string; manyClients: LoadResult; oneClient: LoadResult }>;
export type EtcdOutcome = Readonly<{ runs: readonly EtcdRun[]; note?: string }>;

type Connect = (clients: number) => EtcdDriver;

/**
 * Put throughput of a single-member etcd (default durability: each raft commit is fsynced) with
 * values that are the same node events, as JSON, that the store appends; keys are
 * /kes/events/<stream>/<revision>. Each available driver runs `clients` concurrent clients, then one.
 */
export async function measureEtcd(dir: string, clients: number, manyMs: number, oneMs: number): Promise<EtcdOutcome> {
  const binary = findEtcd();
  if (!binary) return { runs: [], note: 'etcd is not on PATH: etcd figures are null (apt-get install etcd-server)' };
  const grpc = await loadGrpcDriver();
  const server = await startEtcd(binary, dir);
  try {
    const port = server.clientPort;
    const runs: EtcdRun[] = [];
    if (grpc) runs.push({ driver: 'grpc', description: NATIVE_GRPC, ...(await measure(() => grpc(port), clients, manyMs, oneMs, 'grpc')) });
    const gateway: Connect = (concurrency) => httpGatewayDriver(port, concurrency);
    runs.push({ driver: 'http_gateway', description: HTTP_GATEWAY, ...(await measure(gateway, clients, manyMs, oneMs, 'http')) });
    return { runs, note: grpc ? undefined : '@grpc/grpc-js could not be loaded: etcd was driven through its HTTP/JSON gateway only' };
  } finally {
    await server.stop();
  }
}

async function measure(connect: Connect, clients: number, manyMs: number, oneMs: number, prefix: string) {
  const manyClients = await putLoad(connect(clients), clients, manyMs, `${prefix}-many`);
  const oneClient = await putLoad(connect(1), 1, oneMs, `${prefix}-one`);
  return { manyClients, oneClient };
}

async function putLoad(driver: EtcdDriver, clients: number, durationMs: number, prefix: string): Promise<LoadResult> {
  const next = ownStreams(clients, prefix);
  try {
    return await runClients(clients, durationMs, async (client, iteration) => {
      const { name, revision } = next(client, iteration);
      const key = `/kes/events/${nodeStream(name)}/${String(revision).padStart(10, '0')}`;
      await driver.put(key, JSON.stringify(nodeEvent(name, revision)));
    });
  } finally {
    driver.close();
  }
}
