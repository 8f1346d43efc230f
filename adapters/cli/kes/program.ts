import { Command, InvalidArgumentError } from 'commander';
import { parseIPv4 } from '../../../domain/allocation/ipv4.js';
import { parseDuration, parseNatsServers, wholeSeconds } from '../kesadm/program.js';

export type SimulateOptions = Readonly<{
  server: string;
  token: string;
  nodes: number;
  namePrefix: string;
  cpu: string;
  memory: string;
  pods: number;
  labels: Readonly<Record<string, string>>;
  /** topology.kubernetes.io/zone of the nodes, round-robin (node i gets zones[(i - 1) % zones.length]). */
  zones: readonly string[];
  startLatency: number;
  failureRate: number;
  heartbeatInterval: number;
  discoveryTokenCaCertHash?: string;
  discoveryTokenUnsafeSkipCaVerification: boolean;
  /** Follow events and send commands and heartbeats over NATS at these servers, not over HTTP. */
  nats?: string;
  /** The InternalIP of the first node (IPv4); node i has this address plus i - 1. Not given: 10.0.0.1 onwards. */
  nodeIp?: string;
}>;

export type ComponentOptions = Readonly<{ nats: string; kubeconfig: string; natsCreds?: string; leaderElect: boolean; leaseDuration: number }>;
export type ControllerManagerOptions = ComponentOptions & Readonly<{ nodeMonitorGracePeriod: number; defaultUnreachableTolerationSeconds: number }>;

export type KesActions = Readonly<{
  up: (args: readonly string[]) => Promise<number>;
  simulate: (o: SimulateOptions) => Promise<void>;
  scheduler: (o: ComponentOptions) => Promise<void>;
  controllerManager: (o: ControllerManagerOptions) => Promise<void>;
}>;

const positive = (what: string) => (text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a whole number ≥ 1, not "${text}"`);
  return n;
};

function rate(text: string): number {
  const n = Number(text);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError(`the failure rate must be between 0 and 1, not "${text}"`);
  return n;
}

/** An IPv4 address, the first simulated node's (the others follow it). */
function ipv4(text: string): string {
  if (parseIPv4(text.trim()) === undefined) throw new InvalidArgumentError(`"${text}" is not an IPv4 address: --node-ip takes the first node's address, e.g. 10.1.0.1`);
  return text.trim();
}

/** `k=v,k2=v2` → labels; the syntax of each is checked when the nodes register. */
export function parseLabelList(text: string): Record<string, string> {
  if (text.trim() === '') return {};
  return Object.fromEntries(
    text.split(',').map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new InvalidArgumentError(`"${pair}" is not key=value`);
      return [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
    }),
  );
}

/** `a,b,c` → zone names; the syntax of each is checked as a label value when the nodes register. */
export function parseZoneList(text: string): string[] {
  const zones = text.split(',').map((zone) => zone.trim());
  if (zones.some((zone) => zone === '')) throw new InvalidArgumentError(`"${text}" is not a comma-separated list of zone names`);
  return zones;
}

/** `kes up` (a local cluster) and `kes simulate` (many simulated nodes in one process, like kwok). */
export function buildKes(actions: KesActions): Command {
  const program = new Command('kes').description('kes: an event-sourced Kubernetes-style cluster').showHelpAfterError();
  program.command('up').description('run a local single-node cluster: kesadm init --single-node the first time, kesadm start after')
    .allowUnknownOption().helpOption(false).argument('[options...]')
    .action(async (args: string[]) => {
      process.exitCode = await actions.up(args);
    });
  program.command('simulate').description('join N simulated nodes (no processes: a simulated container runtime) from this process')
    .requiredOption('--server <host:port>', 'the API server').requiredOption('--token <token>', 'a bootstrap token (kesadm token create)')
    .requiredOption('--nodes <n>', 'how many nodes', positive('--nodes'))
    .option('--name-prefix <prefix>', 'nodes are named <prefix>1 … <prefix>N', 'sim-')
    .option('--cpu <quantity>', 'cpu of each node', '8').option('--memory <quantity>', 'memory of each node', '32Gi')
    .option('--pods <n>', 'max pods per node', positive('--pods'), 110)
    .option('--labels <k=v,…>', 'labels of every node', parseLabelList, {})
    .option('--zones <a,b,…>', 'give the nodes these topology.kubernetes.io/zone labels in turn', parseZoneList, [])
    .option('--start-latency <duration>', 'how long simulated containers take to start', parseDuration, 0)
    .option('--failure-rate <0..1>', 'the share of pods whose containers fail', rate, 0)
    .option('--heartbeat-interval <duration>', 'how often each node renews its lease', parseDuration, 10_000)
    .option('--node-ip <ipv4>', "the first node's InternalIP; each next node has the next address (default: 10.0.0.1 onwards)", ipv4)
    .option('--discovery-token-ca-cert-hash <sha256:hex>', 'check the cluster CA against this hash')
    .option('--discovery-token-unsafe-skip-ca-verification', 'trust the cluster CA unverified', false)
    .option('--nats <servers>', "follow the cluster's events and send commands and heartbeats over NATS (nats://HOST:PORT) instead of HTTP", parseNatsServers)
    .action((o: SimulateOptions) => actions.simulate(o));

  const component = (name: string, description: string) =>
    program.command(name).description(description)
      .requiredOption('--nats <servers>', 'the NATS servers the cluster publishes its events on (nats://HOST:PORT, comma-separated)', parseNatsServers)
      .requiredOption('--kubeconfig <file>', `the ${name}'s kubeconfig (DATA_DIR/${name}.kubeconfig on the master)`)
      .option('--nats-creds <file>', `the ${name}'s NATS credentials, when the cluster has NATS users (DATA_DIR/nats/${name}.creds on the master)`)
      .option('--no-leader-elect', 'act without holding the lease (only when no other one runs)')
      .option('--leader-elect-lease-duration <duration>', 'how long the lease lasts: another takes over within this when the acting one dies', parseDuration, 15_000);
  component('scheduler', 'run the scheduler as a process of its own, over NATS (kube-scheduler)')
    .action((o: ComponentOptions & { leaderElectLeaseDuration: number }) => actions.scheduler({ ...o, leaseDuration: o.leaderElectLeaseDuration }));
  component('controller-manager', 'run the controllers as a process of their own, over NATS (kube-controller-manager)')
    .option('--node-monitor-grace-period <duration>', 'how long a node may miss heartbeats before it is NotReady', parseDuration, 40_000)
    .option('--default-unreachable-toleration-seconds <n>', 'how long pods stay on a node that is not Ready before they are evicted', wholeSeconds, 300)
    .action((o: ControllerManagerOptions & { leaderElectLeaseDuration: number }) => actions.controllerManager({ ...o, leaseDuration: o.leaderElectLeaseDuration }));
  return program;
}
