import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseRange, type AllocationName } from '../../../domain/allocation/range.js';
import { SNAPSHOT_EVERY } from '../../../application/projections/snapshot-schedule.js';

export type InitOptions = {
  dataDir: string; apiPort: number; nodeName: string; singleNode: boolean; nodeMonitorGracePeriod: number; heartbeatInterval: number; defaultUnreachableTolerationSeconds: number;
  /** kubeadm's --service-cidr and kube-apiserver's --service-node-port-range, in canonical form. */
  serviceCidr: string; serviceNodePortRange: string;
  /** Where this node's kubelet API listens: 0 for any free port; not given: 10250, or a free port when that is taken. */
  kubeletPort?: number;
  /** NATS servers (`nats://host:port`, comma-separated) to publish every event on, JetStream stream KES_EVENTS. */
  nats?: string;
  /** With NATS: the scheduler and controller manager run apart (`kes scheduler`, `kes controller-manager`), not beside the API server. */
  externalComponents?: boolean;
  /** The address the API server listens on (kube-apiserver's --bind-address), and the one it tells nodes and kubeconfigs (kubeadm's). */
  bindAddress: string;
  apiserverAdvertiseAddress: string;
  /** This node's InternalIP, where its kubelet API and node ports listen (kubelet's --node-ip); not given: see defaultNodeIp. */
  nodeIp?: string;
  /** The first bootstrap token, as given (kubeadm init --token); a random one when not given. */
  token?: string;
  /** The event store: the embedded SQLite file when not given, or esdb://… for EventStoreDB. */
  store?: string;
  /** Events between projection snapshots (DATA_DIR/snapshots). */
  snapshotEvery: number;
};
export type StartOptions = {
  dataDir: string; apiPort?: number; nodeMonitorGracePeriod: number; heartbeatInterval: number; defaultUnreachableTolerationSeconds: number; kubeletPort?: number;
  nats?: string;
  externalComponents?: boolean;
  bindAddress?: string;
  /** Not given: the one the cluster was created with. */
  nodeIp?: string;
  store?: string;
  snapshotEvery: number;
};
export type JoinOptions = {
  server: string; token: string; nodeName: string; dataDir: string; heartbeatInterval: number; discoveryTokenCaCertHash?: string; discoveryTokenUnsafeSkipCaVerification: boolean;
  kubeletPort?: number;
  /** This node's InternalIP, where its kubelet API and node ports listen (kubelet's --node-ip); not given: the one it joined with, else see defaultNodeIp. */
  nodeIp?: string;
  /** Follow the cluster's events, send commands and heartbeats over NATS at these servers, not over HTTP. */
  nats?: string;
};
export type ResetOptions = { dataDir: string; force: boolean };
export type RestoreOptions = { from: string; dataDir: string; secretKeysFrom?: string; nodeName: string; apiPort: number; singleNode: boolean };
export type VerifyOptions = { dataDir: string };
export type TokenOptions = { dataDir: string; kubeconfig?: string; ttl: number; description: string };

/** What kesadm does; apps/kesadm wires each to the parts it needs. */
export type KesadmActions = Readonly<{
  init: (o: InitOptions) => Promise<void>;
  start: (o: StartOptions) => Promise<void>;
  join: (o: JoinOptions) => Promise<void>;
  reset: (o: ResetOptions) => Promise<void>;
  tokenCreate: (o: TokenOptions) => Promise<void>;
  tokenList: (o: TokenOptions) => Promise<void>;
  tokenDelete: (o: TokenOptions & { token: string }) => Promise<void>;
  natsConfig: (o: { dataDir: string }) => Promise<void>;
  restore: (o: RestoreOptions) => Promise<void>;
  /** Resolves to the exit code: non-zero when the log or a snapshot is wrong. */
  verify: (o: VerifyOptions) => Promise<number>;
}>;

/** kubeadm's and kube-apiserver's defaults. */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
export const DEFAULT_SERVICE_NODE_PORT_RANGE = '30000-32767';

/** A range as the allocator takes it, checked now rather than when the cluster is half made. */
const allocationRange = (name: AllocationName) => (text: string) => {
  const parsed = parseRange(name, text);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.problem);
  return parsed.range.text;
};

export const defaultDataDir = () => join(process.env.HOME || homedir(), '.kes');

/** "40s", "500ms", "2m", "1h" → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError(`"${text}" is not a duration: write e.g. 40s, 500ms, 2m or 1h`);
  return Math.round(Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms']);
}

export function wholeSeconds(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${text}" is not a whole number of seconds`);
  return n;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError(`"${text}" is not a TCP port (1-65535)`);
  return port;
}

/** A host name as a node name: lowercase, with anything a Kubernetes name may not hold turned into '-'. */
export function nodeNameFromHost(host: string): string {
  return host.toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'kes-node';
}

/** `nats://host:port` (or tls://, or host:port), several comma-separated: checked now, not when the first event is published. */
export function parseNatsServers(text: string): string {
  const servers = text.split(',').map((server) => server.trim());
  for (const server of servers)
    if (!/^((nats|tls|ws|wss):\/\/)?[^\s/:,]+(:\d{1,5})?$/.test(server))
      throw new InvalidArgumentError(`"${server}" is not a NATS server address: write nats://HOST:PORT (several separated by commas)`);
  return servers.join(',');
}

/** A kubeadm-format bootstrap token, checked now. */
export function parseBootstrapToken(text: string): string {
  if (!/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(text)) throw new InvalidArgumentError(`"${text}" is not a bootstrap token: write [a-z0-9]{6}.[a-z0-9]{16}, e.g. abcdef.0123456789abcdef`);
  return text;
}

/** `esdb://host:2113?tls=false` (EventStoreDB); the embedded SQLite store is the default. */
export function parseStore(text: string): string {
  if (!/^esdb(\+discover)?:\/\/\S+$/.test(text)) throw new InvalidArgumentError(`"${text}" is not an event store kes can use: give esdb://HOST:PORT[?tls=false] for EventStoreDB, or leave --store out for the embedded SQLite store`);
  return text;
}

/** An IP address for `flag`, checked now (whether this machine has it is checked when the node starts). */
export const parseIp = (flag: string, unspecifiedAllowed: boolean) => (text: string) => {
  const ip = text.trim();
  if (!isIP(ip)) throw new InvalidArgumentError(`"${text}" is not an IP address: ${flag} takes an IPv4 or IPv6 address, e.g. 192.168.1.10`);
  if (!unspecifiedAllowed && (ip === '0.0.0.0' || ip === '::'))
    throw new InvalidArgumentError(`${flag} must name one address of this machine, not ${ip} (leave ${flag} out to have one picked)`);
  return ip;
};

function wholeCount(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`"${text}" is not a count: give a whole number of events, 1 or more`);
  return n;
}

/** A port to listen on, where 0 asks for any free one. */
function parseListenPort(text: string): number {
  return text.trim() === '0' ? 0 : parsePort(text);
}

export function buildKesadm(actions: KesadmActions, nodeNameDefault: string): Command {
  const program = new Command('kesadm').description('Create and grow a kes cluster (like kubeadm)').showHelpAfterError();
  const dataDir = () => ['--data-dir <dir>', 'where the cluster keeps its state', defaultDataDir()] as const;
  const grace = () => ['--node-monitor-grace-period <duration>', 'how long a node may miss heartbeats before it is NotReady', parseDuration, 40_000] as const;
  const heartbeat = () => ['--heartbeat-interval <duration>', 'how often the kubelet renews its lease', parseDuration, 10_000] as const;
  const toleration = () =>
    ['--default-unreachable-toleration-seconds <n>', 'how long pods stay on a node that is not Ready before they are evicted', wholeSeconds, 300] as const;
  const nats = () => ['--nats <servers>', 'publish every event on NATS JetStream (stream KES_EVENTS) at these servers (nats://HOST:PORT, comma-separated)', parseNatsServers] as const;
  const external = () => ['--external-components', 'with --nats: run no scheduler or controller manager here (kes scheduler, kes controller-manager run them apart)'] as const;
  const bind = () => ['--bind-address <ip>', 'the address the API server listens on (0.0.0.0: every address)', parseIp('--bind-address', true), '127.0.0.1'] as const;
  const nodeIp = (remembered: string) =>
    ['--node-ip <ip>', `this node's InternalIP, the only address its kubelet API and Service node ports listen on (default: ${remembered})`, parseIp('--node-ip', false)] as const;
  const pickedIp = 'the first IPv4 address of a non-loopback interface, else 127.0.0.1; kubelet API and node ports then listen on every address';
  const store = () => ['--store <url>', 'the event store: esdb://HOST:PORT[?tls=false] for EventStoreDB (default: the embedded SQLite file)', parseStore] as const;
  const snapshots = () =>
    ['--snapshot-every <events>', 'take a snapshot of the read models every so many events (DATA_DIR/snapshots): the most a look at the past replays', wholeCount, SNAPSHOT_EVERY] as const;
  const kubeletPort = () =>
    ['--kubelet-port <port>', "this node's kubelet API port (container logs); 0: any free port (default: 10250, else a free one)", parseListenPort] as const;

  program.command('init').description('create a cluster here and run its control plane in the foreground')
    .option(...dataDir()).option('--api-port <port>', 'API server port', parsePort, 6443)
    .option('--node-name <name>', 'name of this master node', nodeNameDefault)
    .option('--single-node', 'let workloads run on the master (no control-plane taint)', false)
    .option('--service-cidr <cidr>', 'the range Service ClusterIPs are allocated from', allocationRange('clusterips'), DEFAULT_SERVICE_CIDR)
    .option('--service-node-port-range <low-high>', 'the range NodePorts are allocated from', allocationRange('nodeports'), DEFAULT_SERVICE_NODE_PORT_RANGE)
    .option(...grace()).option(...heartbeat()).option(...toleration()).option(...kubeletPort()).option(...nats()).option(...external())
    .option(...bind()).option('--apiserver-advertise-address <host>', 'the address nodes, components and kubeconfigs reach the API server at', '127.0.0.1')
    .option(...nodeIp(pickedIp))
    .option('--token <token>', 'the first bootstrap token (kubeadm format); a random one when not given', parseBootstrapToken)
    .option(...store()).option(...snapshots())
    .action((o: InitOptions) => actions.init(o));

  program.command('start').description('run an existing cluster again from its store')
    .option(...dataDir()).option('--api-port <port>', 'API server port (default: the one it was created with)', parsePort)
    .option(...grace()).option(...heartbeat()).option(...toleration()).option(...kubeletPort()).option(...nats()).option(...external())
    .option('--bind-address <ip>', 'the address the API server listens on (default: the one it was created with)', parseIp('--bind-address', true))
    .option(...nodeIp('the one the cluster was created with')).option(...store()).option(...snapshots())
    .action((o: StartOptions) => actions.start(o));

  program.command('join <server>').description('register this machine as a worker and run its kubelet')
    .requiredOption('--token <token>', 'a bootstrap token from `kesadm token create`')
    .option('--discovery-token-ca-cert-hash <sha256:hex>', "check the cluster CA the server hands out against this hash of its public key (as kesadm init prints it)")
    .option('--discovery-token-unsafe-skip-ca-verification', 'join without checking the cluster CA (trust on first use)', false)
    .option('--node-name <name>', 'name of this node', nodeNameDefault).option(...dataDir()).option(...heartbeat()).option(...kubeletPort())
    .option(...nodeIp(`the one it joined with, else ${pickedIp}`))
    .option('--nats <servers>', "follow the cluster's events and send commands and heartbeats over NATS (nats://HOST:PORT, comma-separated) instead of HTTP", parseNatsServers)
    .action((server: string, o: Omit<JoinOptions, 'server'>) => actions.join({ ...o, server }));

  program.command('reset').description("undo init or join on this machine: a worker's node is marked reset, a master's data is removed")
    .option(...dataDir()).option('-f, --force', 'do not ask for confirmation', false)
    .action((o: ResetOptions) => actions.reset(o));

  program.command('restore').description('make a new cluster from an export (kesctl export): the same events, ids and positions, with a new admin credential')
    .requiredOption('--from <file>', 'the export to restore (checked whole first: a cut or changed file is refused with its line number)')
    .requiredOption('--data-dir <dir>', 'where to make the restored cluster (must not hold one)')
    .option('--secret-keys-from <dir>', "the old data directory's secret-keys, so Secret values stay readable")
    .option('--node-name <name>', 'name of the master node when the restored cluster starts', nodeNameDefault)
    .option('--api-port <port>', 'API server port of the restored cluster', parsePort, 6443)
    .option('--single-node', 'let workloads run on the master (no control-plane taint)', false)
    .action((o: RestoreOptions) => actions.restore(o));

  program.command('verify').description("check the cluster's log and rebuild every projection from zero, comparing it with each snapshot; exits non-zero on any difference")
    .option(...dataDir())
    .action(async (o: VerifyOptions) => {
      const code = await actions.verify(o);
      if (code !== 0) throw new CommanderError(code, 'kesadm.verify', 'verify found problems');
    });

  program.command('nats-config').description("print the nats-server configuration that lets in only this cluster's NATS users (made if need be)")
    .option(...dataDir()).action((o: { dataDir: string }) => actions.natsConfig(o));

  const token = program.command('token').description('manage bootstrap tokens');
  const tokenOptions = (c: Command) =>
    c.option(...dataDir()).option('--kubeconfig <file>', 'admin kubeconfig (default: DATA_DIR/admin.kubeconfig)')
      .option('--ttl <duration>', 'how long the token is valid', parseDuration, 24 * 3_600_000).option('--description <text>', 'what the token is for', '');
  tokenOptions(token.command('create').description('create a bootstrap token and print the join command')).action((o: TokenOptions) => actions.tokenCreate(o));
  tokenOptions(token.command('list').description('list bootstrap tokens')).action((o: TokenOptions) => actions.tokenList(o));
  tokenOptions(token.command('delete <token>').description('delete a bootstrap token (by id or whole token)'))
    .action((t: string, o: TokenOptions) => actions.tokenDelete({ ...o, token: t }));
  return program;
}
