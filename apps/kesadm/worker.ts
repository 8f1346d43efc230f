import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { startKubelet } from '../../application/agents/kubelet.js';
import type { JoinOptions, ResetOptions } from '../../adapters/cli/kesadm/program.js';
import { caCertHash } from '../../infrastructure/crypto/cluster-pki.js';
import { ApiClient, ApiError } from '../../infrastructure/http-client/api-client.js';
import { nodeManifest } from '../../infrastructure/http-client/node-manifest.js';
import { localNodeRegistration } from '../../infrastructure/system/node-facts.js';
import { ensureOwnerOnlyDirectory } from '../../infrastructure/system/owner-only.js';
import { STORE_FILE } from '../control-plane/container.js';
import { ensureOwnAddresses, KesadmError, nodePortAddressOf } from './master.js';
import { ReadModels } from '../../application/projections/read-models.js';
import { ProcessRuntime } from '../../infrastructure/runtime/process/process-runtime.js';
import { runtimeRoot, startNodeWorkloads } from '../node/node-workloads.js';
import { startKubeletServer } from '../node/kubelet-server.js';
import type { NodeRegistration } from '../../domain/node/node.js';
import { untilSignal } from './signals.js';
import { discoverCa, expectedHash, serverUrl } from './discovery.js';
import { httpNodeTransport, natsNodeTransport } from '../node/node-transport.js';
import { nodeAgentContainer } from '../node/container.js';
import { Clock } from '../../application/ports/clock.js';
import { CommandSender } from '../../application/ports/command-sender.js';
import { IdGenerator } from '../../application/ports/ids.js';
import { EventFeed, HeartbeatSender } from '../../application/ports/node-agent.js';
import { PodConfigSource } from '../../application/ports/pod-config-source.js';

/**
 * What a joined node keeps in DATA_DIR/kubelet.json: where the API server is, the CA it trusts, its credential, and
 * its NATS credentials when the cluster has NATS users.
 */
type KubeletConfig = { server: string; credential: string; nodeName: string; caCert?: string; natsCredentials?: string; nodeIp?: string };
const KUBELET_FILE = 'kubelet.json';

async function exchangeToken(o: JoinOptions, server: string, caCert: string | undefined, registration: NodeRegistration): Promise<KubeletConfig> {
  const api = new ApiClient(server, o.token, { ca: caCert });
  try {
    const joined = await api.request<{ credential: string; natsCredentials?: string }>('POST', '/kes/v1/join', { node: nodeManifest(registration) });
    const nats = joined.natsCredentials ? { natsCredentials: joined.natsCredentials } : {};
    return { server, credential: joined.credential, nodeName: o.nodeName, ...(caCert ? { caCert } : {}), ...nats };
  } catch (error) {
    if (error instanceof ApiError) throw new KesadmError(`join refused by ${server} (${error.status}): ${error.message}`);
    throw new KesadmError(`cannot reach the API server at ${server}: ${(error as Error).message}`);
  } finally {
    await api.close();
  }
}

export async function join(o: JoinOptions): Promise<void> {
  const server = serverUrl(o.server);
  const hash = expectedHash(o.discoveryTokenCaCertHash);
  const file = joinPath(o.dataDir, KUBELET_FILE);
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as KubeletConfig) : undefined;
  const reusable =
    saved && saved.server === server && saved.nodeName === o.nodeName && (!hash || (saved.caCert !== undefined && caCertHash(saved.caCert) === hash));
  // --node-ip as given, else the one this node joined with (kubelet.json), else picked (defaultNodeIp).
  const nodeIp = o.nodeIp ?? (reusable ? saved.nodeIp : undefined);
  await ensureOwnAddresses({ '--node-ip': nodeIp });
  const caCert = reusable ? saved.caCert : await discoverCa(server, hash, o.discoveryTokenUnsafeSkipCaVerification);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // Listening before the join, so that the node registers once, saying where its kubelet API is.
  const kubeletServer = caCert ? await startKubeletServer({ nodeName: o.nodeName, nodeIp, port: o.kubeletPort, caCert, dataDir: o.dataDir, log }) : undefined;
  const registration = { ...localNodeRegistration(o.nodeName, 'worker', { tainted: false, runtime: 'process://kes', nodeIp }), ...(kubeletServer ? { kubeletPort: kubeletServer.port } : {}) };
  const joined = reusable ? saved : await exchangeToken(o, server, caCert, registration);
  const config: KubeletConfig = { ...joined, ...(nodeIp ? { nodeIp } : {}) };
  ensureOwnerOnlyDirectory(o.dataDir);
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  const api = new ApiClient(server, config.credential, { ca: config.caCert });
  const stopRequested = untilSignal(); // before the announcement below, so a signal right after it is never missed
  const transport = o.nats ? await natsNodeTransport(o.nats, api, config, o.nodeName) : httpNodeTransport(api);
  const node = nodeAgentContainer(transport, api);
  const [sender, feed, clock, ids, models] = [node.get<CommandSender>(CommandSender), node.get<EventFeed>(EventFeed), node.get<Clock>(Clock), node.get<IdGenerator>(IdGenerator), node.get(ReadModels)];
  const heartbeats = node.get<HeartbeatSender>(HeartbeatSender);
  const kubelet = startKubelet(registration, { sender, heartbeats, feed, clock, ids, log }, { heartbeatMs: o.heartbeatInterval, retryMs: 1000 });
  await kubelet.registered;
  const following = feed.follow(0).subscribe((event) => models.apply(event));
  const workloads = await startNodeWorkloads(
    { nodeName: o.nodeName, models, sender, config: node.get<PodConfigSource>(PodConfigSource), clock, ids, log, kubeletServer },
    { runtime: 'process', dataDir: o.dataDir, nodePortAddress: nodePortAddressOf(nodeIp) },
  );
  process.stdout.write(`This node has joined the cluster as "${o.nodeName}".\nRun 'kesctl get nodes' on the control plane to see it.\n`);
  await stopRequested;
  kubelet.stop();
  await workloads.stop();
  following.unsubscribe();
  await transport.close();
  await api.close();
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(question).catch(() => '');
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

export async function reset(o: ResetOptions): Promise<void> {
  const kubeletFile = joinPath(o.dataDir, KUBELET_FILE);
  if (existsSync(kubeletFile)) {
    const config = JSON.parse(readFileSync(kubeletFile, 'utf8')) as KubeletConfig;
    try {
      await new ApiClient(config.server, config.credential, { ca: config.caCert }).request('POST', '/kes/v1/commands', { type: 'ResetNode', data: { name: config.nodeName } });
      process.stdout.write(`[reset] node "${config.nodeName}" marked reset at ${config.server}\n`);
    } catch (error) {
      process.stderr.write(`[reset] could not tell ${config.server} (${(error as Error).message}); removing local state anyway\n`);
    }
    const stopped = await ProcessRuntime.reset(runtimeRoot(o.dataDir));
    if (stopped.length > 0) process.stdout.write(`[reset] stopped ${stopped.length} pod(s) of this node\n`);
    rmSync(o.dataDir, { recursive: true, force: true });
    process.stdout.write(`[reset] removed ${o.dataDir}\n`);
    return;
  }
  if (!existsSync(joinPath(o.dataDir, STORE_FILE))) throw new KesadmError(`${o.dataDir} holds neither a cluster nor a joined node: nothing to reset`);
  if (!o.force && !(await confirm(`[reset] This removes the cluster in ${o.dataDir}, with its whole history. Are you sure? [y/N] `)))
    throw new KesadmError('reset aborted: nothing removed');
  const stopped = await ProcessRuntime.reset(runtimeRoot(o.dataDir));
  if (stopped.length > 0) process.stdout.write(`[reset] stopped ${stopped.length} pod(s) a killed master left\n`);
  rmSync(o.dataDir, { recursive: true, force: true });
  process.stdout.write(`[reset] removed ${o.dataDir}\n`);
}
