import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeletServer } from '../../infrastructure/kubelet/kubelet-server.js';
import { selfSignedKubeletCertificate } from '../../infrastructure/kubelet/kubelet-serving-cert.js';
import { defaultNodeIp } from '../../infrastructure/system/local-addresses.js';
import { ensureOwnerOnlyDirectory } from '../../infrastructure/system/owner-only.js';

/** The kubelet's port unless told otherwise (Kubernetes' --port). */
export const DEFAULT_KUBELET_PORT = 10250;
/** Where the kubelet API listens without `--node-ip`: every address of the node, as a kubelet does (its --address). */
const EVERY_ADDRESS = '0.0.0.0';
/** The port the kubelet last listened on, so that a restarted node keeps it (and re-registers unchanged). */
const PORT_FILE = 'kubelet-port';

export type KubeletServerOptions = Readonly<{
  nodeName: string;
  /** `--node-ip`: the kubelet API listens on this address only. Not given: on every address. */
  nodeIp?: string;
  /** `--kubelet-port`: exactly this port; 0 for any free one. Not given: 10250, or a free port when that is taken. */
  port: number | undefined;
  /** The cluster CA, which signed the API server's kubelet client certificate. */
  caCert: string;
  /** The node's data directory, where the port is remembered. */
  dataDir: string;
  log: (line: string) => void;
}>;

function rememberedPort(dataDir: string): number | undefined {
  const file = join(dataDir, PORT_FILE);
  const port = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : NaN;
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined;
}

/**
 * Starts the node's kubelet API (container logs) with a self-signed serving certificate. It listens before the
 * node registers, so that the registration can say where (`kubeletPort`); hand it to `startNodeWorkloads`, which
 * serves it from the node's runtime and closes it when the node stops. Without an exact port it prefers the one it
 * had last time, then 10250, then any free port.
 */
export async function startKubeletServer(o: KubeletServerOptions): Promise<KubeletServer> {
  const serving = await selfSignedKubeletCertificate(o.nodeName, [o.nodeIp ?? defaultNodeIp()]);
  const host = o.nodeIp ?? EVERY_ADDRESS;
  const listen = (port: number) => KubeletServer.listen({ host, port, caCert: o.caCert, serving });
  const exact = o.port !== undefined && o.port !== 0;
  const preferred = exact ? o.port! : (rememberedPort(o.dataDir) ?? (o.port === 0 ? 0 : DEFAULT_KUBELET_PORT));
  let server: KubeletServer;
  try {
    server = await listen(preferred);
  } catch (error) {
    if (exact || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE')
      throw new Error(`the kubelet of ${o.nodeName} cannot listen on ${host} port ${preferred}: ${(error as Error).message}`);
    server = await listen(0);
    o.log(`kubelet ${o.nodeName}: port ${preferred} is taken; the kubelet API listens on ${server.port} (see the Node's daemonEndpoints)`);
  }
  ensureOwnerOnlyDirectory(o.dataDir);
  writeFileSync(join(o.dataDir, PORT_FILE), `${server.port}\n`);
  return server;
}
