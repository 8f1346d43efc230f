import { caughtUp } from '../../application/projections/wait-for.js';
import { ReadModels } from '../../application/projections/read-models.js';
import { kubeletPods } from '../../application/reconcilers/kubelet-pods.js';
import { ReconcilerRunner } from '../../application/reconcilers/runner.js';
import type { SimulateOptions } from '../../adapters/cli/kes/program.js';
import { parseBytes, parseCpuMillis } from '../../domain/shared/quantity.js';
import { parseIPv4 } from '../../domain/allocation/ipv4.js';
import { ApiClient, ApiError } from '../../infrastructure/http-client/api-client.js';
import { closeConnection } from '../../infrastructure/nats/nats-event-bus.js';
import { connectNats } from '../../infrastructure/nats/nats-connect.js';
import { httpNodeTransport, natsNodeTransport, natsNodeTransportOver, type NodeTransport } from '../node/node-transport.js';
import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';
import type { SimulatedRuntime } from '../../infrastructure/runtime/simulated/simulated-runtime.js';
import { Clock } from '../../application/ports/clock.js';
import { CommandSender } from '../../application/ports/command-sender.js';
import { ContainerRuntime } from '../../application/ports/container-runtime.js';
import { IdGenerator } from '../../application/ports/ids.js';
import { EventFeed } from '../../application/ports/node-agent.js';
import { simulatorContainer } from './container.js';
import { discoverCa, expectedHash, serverUrl } from '../kesadm/discovery.js';
import { KesadmError } from '../kesadm/master.js';
import { untilSignal } from '../kesadm/signals.js';
import { simulatedRegistration } from './registration.js';

const JOINS_AT_ONCE = 16;
const LAST_IPV4 = 0xffff_ffff;
const KUBELET_CONCURRENCY = 32;

type SimulatedNode = Readonly<{ name: string; api: ApiClient; credential: string; natsCredentials?: string }>;

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

function shapeOf(o: SimulateOptions) {
  const cpuMillis = parseCpuMillis(o.cpu);
  const memoryBytes = parseBytes(o.memory);
  if (!cpuMillis) throw new KesadmError(`--cpu "${o.cpu}" is not a cpu quantity (e.g. 8 or 7500m)`);
  if (!memoryBytes) throw new KesadmError(`--memory "${o.memory}" is not a memory quantity (e.g. 32Gi)`);
  const firstIp = o.nodeIp === undefined ? undefined : parseIPv4(o.nodeIp)!;
  if (firstIp !== undefined && firstIp + o.nodes - 1 > LAST_IPV4)
    throw new KesadmError(`--node-ip ${o.nodeIp} leaves no room for ${o.nodes} nodes (node i has --node-ip plus i - 1, past 255.255.255.255): give a lower address`);
  return { cpuMillis, memoryBytes, pods: o.pods, labels: o.labels, zones: o.zones, ...(firstIp !== undefined ? { firstIp } : {}) };
}

/**
 * Simulated nodes keep no credentials between runs, so a rerun with the same names is refused (409): the
 * nodes of the earlier run are still registered. Says how to free the names, in the shell's brace syntax.
 */
function joinRefused(error: ApiError, name: string, server: string, o: SimulateOptions): KesadmError {
  const refused = `node ${name}: join refused by ${server} (${error.status}): ${error.message}`;
  if (error.status !== 409) return new KesadmError(refused);
  const earlier = `kesctl delete node --ignore-not-found ${o.namePrefix}{1..${o.nodes}}`;
  return new KesadmError(`${refused}; simulated nodes keep no credentials between runs of kes simulate: choose another --name-prefix, or delete the nodes an earlier run left (${earlier})`);
}

/**
 * Each node's transport over NATS: with NATS users in force, each node has its own credentials (it may publish only
 * its own heartbeat), so its own connection; without, the nodes share one.
 */
async function natsTransports(servers: string, nodes: readonly SimulatedNode[], prefix: string): Promise<NodeTransport[]> {
  if (nodes.every((n) => n.natsCredentials)) return inBatches(nodes, JOINS_AT_ONCE, (n) => natsNodeTransport(servers, n.api, n, n.name));
  const nc = await connectNats(servers, `kes-simulate-${prefix}`);
  const transports = nodes.map((n) => natsNodeTransportOver(nc, n.api, n.credential));
  return transports.map((transport, i) => (i === 0 ? { ...transport, close: () => closeConnection(nc) } : transport));
}

/** `kes simulate`: N simulated nodes joined from one process, each with its own node credential, like kwok. */
export async function simulate(o: SimulateOptions): Promise<void> {
  const server = serverUrl(o.server);
  const shape = shapeOf(o);
  const ca = await discoverCa(server, expectedHash(o.discoveryTokenCaCertHash), o.discoveryTokenUnsafeSkipCaVerification);
  const bootstrap = new ApiClient(server, o.token, { ca });
  const names = Array.from({ length: o.nodes }, (_, i) => `${o.namePrefix}${i + 1}`);
  const nodes = await inBatches(names, JOINS_AT_ONCE, async (name): Promise<SimulatedNode> => {
    const registration = simulatedRegistration(name, names.indexOf(name) + 1, shape);
    try {
      const joined = await bootstrap.request<{ credential: string; natsCredentials?: string }>('POST', '/kes/v1/join', { node: nodeManifest(registration) });
      return { name, api: new ApiClient(server, joined.credential, { ca }), ...joined };
    } catch (error) {
      if (error instanceof ApiError) throw joinRefused(error, name, server, o);
      throw error;
    }
  });
  await bootstrap.close();

  const stopRequested = untilSignal();
  const transports = o.nats ? await natsTransports(o.nats, nodes, o.namePrefix) : nodes.map((n) => httpNodeTransport(n.api));
  const simulator = simulatorContainer(new Map(nodes.map((n, i) => [n.name, transports[i]])), { startLatencyMs: o.startLatency, failureRate: o.failureRate });
  const [clock, models, runtime] = [simulator.get<Clock>(Clock), simulator.get(ReadModels), simulator.get<SimulatedRuntime>(ContainerRuntime)];
  const following = simulator.get<EventFeed>(EventFeed).follow(0).subscribe((event) => models.apply(event));
  const hosted = new Set(names);
  const kubelets = kubeletPods(models, runtime, (name) => hosted.has(name));
  const runnerDeps = { sender: simulator.get<CommandSender>(CommandSender), clock, ids: simulator.get<IdGenerator>(IdGenerator), log: (line: string) => void process.stderr.write(`${line}\n`) };
  const kubelet = new ReconcilerRunner(kubelets, runnerDeps, { concurrency: KUBELET_CONCURRENCY, caughtUp: (p) => caughtUp(models, p) }).start();
  const beats = nodes.map((n, i) => ({ name: n.name, sender: transports[i].heartbeats }));
  const heartbeat = setInterval(() => void inBatches(beats, 64, (b) => b.sender.beat(b.name).catch(() => undefined)), o.heartbeatInterval);

  process.stdout.write(`${nodes.length} simulated nodes joined ${server}: ${names[0]} … ${names.at(-1)}\n`);
  await stopRequested;
  clearInterval(heartbeat);
  kubelet.stop();
  following.unsubscribe();
  runtime.close();
  await Promise.all(transports.map((transport) => transport.close()));
  await Promise.all(nodes.map((n) => n.api.close()));
}
