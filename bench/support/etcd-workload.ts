import { nodeStream } from '../../domain/node/node.js';
import { grpcDriver, httpGatewayDriver, type EtcdDriver } from './etcd-client.js';
import { findEtcd, startEtcd } from './etcd-server.js';
import { runClients, type LoadResult } from './load.js';
import { benchNodeName, nodeEvent } from './node-events.js';

export type EtcdRun = Readonly<{ driver: string; manyClients: LoadResult; oneClient: LoadResult }>;
export type EtcdOutcome = Readonly<{ runs: readonly EtcdRun[]; note?: string }>;

const STREAMS_PER_CLIENT = 4;

/**
 * Put throughput of a single-member etcd (default durability: every commit fsyncs its raft log) with
 * values that are the same node events, as JSON, the store appends; keys are /kes/events/<stream>/<revision>.
 * Each available driver is measured with `clients` concurrent clients and with one.
 */
export async function measureEtcd(dir: string, clients: number, manyMs: number, oneMs: number): Promise<EtcdOutcome> {
  const binary = findEtcd();
  if (!binary) return { runs: [], note: 'etcd is not on PATH: etcd figures are null (apt-get install etcd-server)' };
  const server = await startEtcd(binary, dir);
  try {
    const port = server.clientPort;
    const runs: EtcdRun[] = [];
    const grpc = await grpcDriver(port);
    if (grpc) runs.push(await measureDriver(grpc, (await grpcDriver(port))!, clients, manyMs, oneMs, 'grpc'));
    runs.push(await measureDriver(httpGatewayDriver(port, clients), httpGatewayDriver(port, 1), clients, manyMs, oneMs, 'http'));
    return { runs, note: grpc ? undefined : '@grpc/grpc-js could not be loaded: etcd was driven through its HTTP/JSON gateway only' };
  } finally {
    await server.stop();
  }
}

async function measureDriver(many: EtcdDriver, one: EtcdDriver, clients: number, manyMs: number, oneMs: number, prefix: string): Promise<EtcdRun> {
  try {
    const manyClients = await putLoad(many, clients, manyMs, `${prefix}-many`);
    const oneClient = await putLoad(one, 1, oneMs, `${prefix}-one`);
    return { driver: many.name, manyClients, oneClient };
  } finally {
    many.close();
    one.close();
  }
}

function putLoad(driver: EtcdDriver, clients: number, durationMs: number, prefix: string): Promise<LoadResult> {
  const revisions = Array.from({ length: clients }, () => new Array<number>(STREAMS_PER_CLIENT).fill(0));
  return runClients(clients, durationMs, async (client, iteration) => {
    const slot = iteration % STREAMS_PER_CLIENT;
    const name = benchNodeName(client * STREAMS_PER_CLIENT + slot, prefix);
    const revision = revisions[client]![slot]!;
    const key = `/kes/events/${nodeStream(name)}/${String(revision).padStart(10, '0')}`;
    await driver.put(key, JSON.stringify(nodeEvent(name, revision)));
    revisions[client]![slot] = revision + 1;
  });
}
