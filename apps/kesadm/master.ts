import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ADMIN } from '../../application/commands/authorize.js';
import { PROTECTED_NAMESPACES } from '../../domain/namespace/namespace.js';
import { CLUSTER_IPS, NODE_PORTS } from '../../domain/allocation/allocation.js';
import { Credentials, IdGenerator } from '../../application/ports/ids.js';
import { Clock } from '../../application/ports/clock.js';
import { DEFAULT_SERVICE_CIDR, DEFAULT_SERVICE_NODE_PORT_RANGE, type InitOptions, type StartOptions } from '../../adapters/cli/kesadm/program.js';
import { writeKubeconfig } from '../../adapters/cli/kubeconfig.js';
import { caCertHash, ensureClusterPki, type ClusterPki } from '../../infrastructure/crypto/cluster-pki.js';
import type { KubeletServer } from '../../infrastructure/kubelet/kubelet-server.js';
import { HttpsKubeletLogs } from '../../infrastructure/kubelet/kubelet-logs-client.js';
import { TlsKubeletStreams } from '../../infrastructure/kubelet/kubelet-stream-client.js';
import { HttpsKubeletStats } from '../../infrastructure/kubelet/kubelet-stats-client.js';
import { localNodeRegistration, KUBELET_VERSION } from '../../infrastructure/system/node-facts.js';
import { notOwnAddress } from '../../infrastructure/system/local-addresses.js';
import { ensureOwnerOnlyDirectory } from '../../infrastructure/system/owner-only.js';
import { controlPlaneContainer, SECRET_KEY_DIR, SNAPSHOT_DIR, STORE_FILE } from '../control-plane/container.js';
import { EventStoreDbEventStore } from '../../infrastructure/eventstoredb/esdb-event-store.js';
import { startControlPlane, type ControlPlane } from '../control-plane/control-plane.js';
import { startKubeletServer } from '../node/kubelet-server.js';
import type { Stoppable } from '../../application/events/while-leading.js';
import { ensureComponentCredentials } from './component-credentials.js';
import { startComponentsBeside } from './master-components.js';
import { monitorPeriodFor } from '../control-plane/controllers.js';
import { connectMasterNats } from './master-nats.js';
import { ensureNatsUsers, natsCreds, nodeCredentialsFrom, readCreds } from './nats-users.js';
import { createBootstrapToken } from './tokens.js';
import { untilSignal } from './signals.js';

/** What `kesadm start` runs the cluster with again: master.json. */
export type MasterConfig = {
  nodeName: string; singleNode: boolean; apiPort: number; nats?: string; externalComponents?: boolean;
  /** Where the API server listens, and the address others reach it at (127.0.0.1 for clusters made before). */
  bindAddress?: string; advertiseAddress?: string;
  /** The master node's InternalIP (`--node-ip`), where its kubelet API and node ports listen; not given: picked, every address. */
  nodeIp?: string;
  /** esdb://… when the log is in EventStoreDB, not the embedded SQLite file. */
  store?: string;
};

/** The API server's URL as nodes, components and kubeconfigs know it. */
export const serverOf = (master: MasterConfig) => `https://${hostPort(master.advertiseAddress ?? '127.0.0.1', master.apiPort)}`;
const hostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** Whether the data directory holds a cluster: its SQLite log, or (with EventStoreDB) the master's configuration. */
export const holdsCluster = (dataDir: string) => existsSync(join(dataDir, STORE_FILE)) || existsSync(join(dataDir, MASTER_FILE));
export const MASTER_FILE = 'master.json';
export const ADMIN_KUBECONFIG = 'admin.kubeconfig';
const CLUSTER_NAME = 'kes';
export const PKI_DIR = 'pki';

/** The unspecified addresses: listening there is listening on every address. */
const EVERY_ADDRESS = new Set(['0.0.0.0', '::']);

/**
 * The cluster CA and the API server's certificate in DATA_DIR/pki, made on first use (kubeadm's certs phase): the
 * certificate names the advertised address and the bind address (unless that is every address).
 */
export const clusterPki = (dataDir: string, advertised?: string, bound?: string): Promise<ClusterPki> =>
  ensureClusterPki(join(dataDir, PKI_DIR), ['localhost', hostname(), ...[advertised, bound].filter((a): a is string => !!a && !EVERY_ADDRESS.has(a))]);

export class KesadmError extends Error {}

/** Service node ports listen on every address of the node, as Kubernetes' kube-proxy does, unless the node has a --node-ip. */
export const NODE_PORT_ADDRESS = '0.0.0.0';
export const nodePortAddressOf = (nodeIp: string | undefined) => nodeIp ?? NODE_PORT_ADDRESS;

/** Refuses, before anything starts, an address this machine does not have (kube-apiserver and kubelet would fail to listen). */
export async function ensureOwnAddresses(addresses: Readonly<Record<string, string | undefined>>): Promise<void> {
  for (const [flag, address] of Object.entries(addresses)) {
    if (address === undefined || EVERY_ADDRESS.has(address)) continue;
    const problem = await notOwnAddress(flag, address);
    if (problem) throw new KesadmError(problem);
  }
}

type Timing = Readonly<{ nodeMonitorGracePeriod: number; heartbeatInterval: number; defaultUnreachableTolerationSeconds: number; kubeletPort?: number; snapshotEvery?: number }>;

async function runControlPlane(dataDir: string, master: MasterConfig, timing: Timing, init?: (cp: ControlPlane, pki: ClusterPki) => Promise<void>) {
  const grace = timing.nodeMonitorGracePeriod;
  const stopRequested = untilSignal(); // before any announcement, so a signal right after it is never missed
  await ensureOwnAddresses({ '--bind-address': master.bindAddress, '--node-ip': master.nodeIp });
  ensureOwnerOnlyDirectory(dataDir);
  const pki = await clusterPki(dataDir, master.advertiseAddress, master.bindAddress);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const users = master.nats ? await ensureNatsUsers(dataDir) : undefined;
  const nats = master.nats ? await connectMasterNats(master.nats, readCreds(natsCreds(dataDir, 'apiserver'))) : undefined;
  const store = master.store ? { store: EventStoreDbEventStore.connect(master.store) } : {};
  const container = controlPlaneContainer(join(dataDir, STORE_FILE), join(dataDir, SECRET_KEY_DIR), { ...store, snapshotDir: join(dataDir, SNAPSHOT_DIR), ...(nats ? { heartbeats: nats.heartbeats } : {}) });
  const kubeletLogs = new HttpsKubeletLogs({ cert: pki.kubeletClientCert, key: pki.kubeletClientKey });
  const kubeletStats = new HttpsKubeletStats({ cert: pki.kubeletClientCert, key: pki.kubeletClientKey });
  const controllers = { nodeMonitorGracePeriodMs: grace, nodeMonitorPeriodMs: monitorPeriodFor(grace), defaultTolerationSeconds: timing.defaultUnreachableTolerationSeconds };
  let kubeletServer: KubeletServer | undefined;
  let components: Stoppable[] = [];
  const stop = async () => {
    for (const component of components) await component.stop();
    await plane.stop();
    await nats?.close();
    await kubeletServer?.close();
    await kubeletLogs.close();
    await kubeletStats.close();
  };
  const plane = await startControlPlane(container, {
    host: master.bindAddress ?? '127.0.0.1', port: master.apiPort, heartbeatMs: timing.heartbeatInterval, log, ...controllers, snapshotEvery: timing.snapshotEvery,
    tls: { key: pki.serverKey, cert: pki.serverCert, caCert: pki.caCert },
    node: { runtime: 'process', dataDir, nodePortAddress: nodePortAddressOf(master.nodeIp) },
    kubeletLogs,
    kubeletStreams: new TlsKubeletStreams({ cert: pki.kubeletClientCert, key: pki.kubeletClientKey }),
    kubeletStats,
    ...(nats ? { nats: { connection: nats.connection, source: `kes://${CLUSTER_NAME}`, schemas: `${serverOf(master)}/kes/v1/schemas`, nodeCredentials: users && nodeCredentialsFrom(users) } } : {}),
  });
  try {
    await init?.(plane, pki);
    const address = await plane.listen();
    if (master.nats && !master.externalComponents) components = await startComponentsBeside(dataDir, master.nats, controllers, log);
    kubeletServer = await startKubeletServer({ nodeName: master.nodeName, nodeIp: master.nodeIp, port: timing.kubeletPort, caCert: pki.caCert, dataDir, log });
    const registration = localNodeRegistration(master.nodeName, 'control-plane', { tainted: !master.singleNode, runtime: 'process://kes', nodeIp: master.nodeIp });
    await plane.startLocalKubelet({ ...registration, kubeletPort: kubeletServer.port }, kubeletServer).registered;
    log(`kes control plane listening on ${address} (data in ${dataDir})`);
  } catch (error) {
    await stop();
    throw error;
  }
  await stopRequested;
  log('stopping the control plane');
  await stop();
}

export async function init(o: InitOptions): Promise<void> {
  if (holdsCluster(o.dataDir))
    throw new KesadmError(`${o.dataDir} already holds a cluster: run \`kesadm start --data-dir ${o.dataDir}\` to run it again, or \`kesadm reset --data-dir ${o.dataDir}\` to remove it`);
  const master: MasterConfig = {
    nodeName: o.nodeName, singleNode: o.singleNode, apiPort: o.apiPort, ...(o.nats ? { nats: o.nats } : {}), ...(o.externalComponents ? { externalComponents: true } : {}),
    bindAddress: o.bindAddress, advertiseAddress: o.apiserverAdvertiseAddress, ...(o.nodeIp ? { nodeIp: o.nodeIp } : {}), ...(o.store ? { store: o.store } : {}),
  };
  const server = serverOf(master);
  await runControlPlane(o.dataDir, master, o, async (plane, pki) => {
    const credentials = plane.container.get<Credentials>(Credentials);
    const ids = plane.container.get<IdGenerator>(IdGenerator);
    const clock = plane.container.get<Clock>(Clock);
    const adminToken = credentials.randomToken(48);
    const metadata = () => ({ commandId: ids.newId(), actor: ADMIN, at: clock.now() });
    await plane.handle({
      type: 'InitializeCluster',
      data: { clusterName: CLUSTER_NAME, apiEndpoint: server, adminTokenHash: credentials.hash(adminToken), kubernetesVersion: KUBELET_VERSION },
      metadata: metadata(),
    });
    await plane.handle({ type: 'ConfigureRange', data: { name: CLUSTER_IPS, range: o.serviceCidr }, metadata: metadata() });
    await plane.handle({ type: 'ConfigureRange', data: { name: NODE_PORTS, range: o.serviceNodePortRange }, metadata: metadata() });
    for (const name of PROTECTED_NAMESPACES)
      await plane.handle({ type: 'CreateNamespace', data: { meta: { name, uid: ids.newId(), labels: {} } }, metadata: metadata() });
    writeFileSync(join(o.dataDir, MASTER_FILE), JSON.stringify(master, null, 2), { mode: 0o600 });
    writeKubeconfig(join(o.dataDir, ADMIN_KUBECONFIG), { server, token: adminToken, clusterName: CLUSTER_NAME, userName: 'kubernetes-admin', caData: pki.caCert });
    await ensureComponentCredentials(plane, o.dataDir, { server, name: CLUSTER_NAME, caCert: pki.caCert });
    const token = await createBootstrapToken(plane, 24 * 3_600_000, 'created by kesadm init', o.token);
    process.stdout.write(
      `Your kes control plane has initialized successfully!\n\n` +
        `To use it:\n  export KUBECONFIG=${join(o.dataDir, ADMIN_KUBECONFIG)}\n  kesctl get nodes   (or kubectl get nodes)\n\n` +
        `Then you can join any number of worker nodes by running the following on each:\n\n` +
        `kesadm join ${hostPort(master.advertiseAddress!, o.apiPort)} --token ${token} --discovery-token-ca-cert-hash ${caCertHash(pki.caCert)}\n\n`,
    );
  });
}

export async function start(o: StartOptions): Promise<void> {
  const file = join(o.dataDir, MASTER_FILE);
  const master = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as MasterConfig) : undefined;
  if (!master || (!master.store && !existsSync(join(o.dataDir, STORE_FILE))))
    throw new KesadmError(`${o.dataDir} holds no cluster: run \`kesadm init --data-dir ${o.dataDir}\` first`);
  const nats = o.nats ?? master.nats;
  const externalComponents = o.externalComponents ?? master.externalComponents;
  const running: MasterConfig = {
    ...master, apiPort: o.apiPort ?? master.apiPort, bindAddress: o.bindAddress ?? master.bindAddress, ...(o.nodeIp ?? master.nodeIp ? { nodeIp: o.nodeIp ?? master.nodeIp } : {}),
    ...(nats ? { nats } : {}), ...(externalComponents ? { externalComponents } : {}), ...(o.store ?? master.store ? { store: o.store ?? master.store } : {}),
  };
  await runControlPlane(o.dataDir, running, o, async (plane, pki) => {
    await configureMissingRanges(plane);
    await ensureComponentCredentials(plane, o.dataDir, { server: serverOf(running), name: CLUSTER_NAME, caCert: pki.caCert });
  });
}

/** A cluster made before kes served Services has no ranges yet: it gets Kubernetes' defaults. */
async function configureMissingRanges(plane: ControlPlane): Promise<void> {
  const ids = plane.container.get<IdGenerator>(IdGenerator);
  const clock = plane.container.get<Clock>(Clock);
  const defaults = [[CLUSTER_IPS, DEFAULT_SERVICE_CIDR], [NODE_PORTS, DEFAULT_SERVICE_NODE_PORT_RANGE]] as const;
  for (const [name, range] of defaults)
    if (!plane.models.allocations.has(name))
      await plane.handle({ type: 'ConfigureRange', data: { name, range }, metadata: { commandId: ids.newId(), actor: ADMIN, at: clock.now() } });
}
