import { connect, type TLSSocket } from 'node:tls';
import { KubeletUnreachable, type KubeletAddress } from '../../application/ports/kubelet-logs.js';
import type { KubeletStreamRequest, KubeletStreams } from '../../application/ports/kubelet-streams.js';
import type { KubeletClientCertificate } from './kubelet-logs-client.js';

const CONNECT_TIMEOUT_MS = 10_000;

const hostPart = (host: string) => (host.includes(':') ? `[${host}]` : host);

function pathOf(r: KubeletStreamRequest): string {
  const parts = r.kind === 'portForward' ? [r.namespace, r.pod] : [r.namespace, r.pod, r.container ?? ''];
  return `/${r.kind}/${parts.map(encodeURIComponent).join('/')}${r.query ? `?${r.query}` : ''}`;
}

function dial({ host, port }: KubeletAddress, client: KubeletClientCertificate): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, cert: client.cert, key: client.key, rejectUnauthorized: false });
    const timer = setTimeout(() => socket.destroy(new Error(`i/o timeout after ${CONNECT_TIMEOUT_MS / 1000}s`)), CONNECT_TIMEOUT_MS);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new KubeletUnreachable(`error dialing backend: dial tcp ${hostPart(host)}:${port}: ${error.message}`));
    });
  });
}

/**
 * Hands upgraded connections to kubelets over TLS with the API server's kubelet client certificate (the kubelet's
 * own certificate is not checked, as with kubeadm's default): the client's upgrade request goes to the kubelet's
 * endpoint as it came, and from then on the two connections are spliced.
 */
export class TlsKubeletStreams implements KubeletStreams {
  constructor(private readonly client: KubeletClientCertificate) {}

  async splice(kubelet: KubeletAddress, request: KubeletStreamRequest, client: NodeJS.ReadWriteStream, head: Uint8Array): Promise<void> {
    const socket = await dial(kubelet, this.client);
    const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(`GET ${pathOf(request)} HTTP/1.1\r\nHost: ${hostPart(kubelet.host)}:${kubelet.port}\r\n${headers}\r\n`);
    if (head.length > 0) socket.write(head);
    const end = () => {
      socket.destroy();
      (client as NodeJS.ReadWriteStream & { destroy?: () => void }).destroy?.();
    };
    socket.on('error', end);
    socket.on('close', end);
    client.on('error', end);
    client.on('close', end);
    client.pipe(socket);
    socket.pipe(client);
  }
}
