import { connect, createServer, type Server, type Socket } from 'node:net';
import type { ProxyBackend, ProxyRule } from '../../domain/service/proxy-rules.js';

/**
 * One Service node port: accepts TCP connections and splices each to a ready backend, round robin. A backend
 * that refuses is skipped for the next one; with none left the client's connection is reset, as
 * kube-proxy's REJECT rule refuses it.
 */
export class NodePortListener {
  private next = 0;
  private readonly open = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private rule: ProxyRule,
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  static listen(host: string, rule: ProxyRule): Promise<NodePortListener> {
    const server = createServer({ noDelay: true });
    const listener = new NodePortListener(server, rule);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: rule.nodePort, exclusive: true }, () => {
        server.off('error', reject);
        resolve(listener);
      });
    });
  }

  /** New backends take effect for the next connection; open connections keep theirs. */
  update(rule: ProxyRule): void {
    this.rule = rule;
  }

  /** Stops accepting and ends every spliced connection. */
  close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.track(client);
    client.on('error', () => client.destroy());
    this.splice(client, this.rule.backends, 0);
  }

  private splice(client: Socket, backends: readonly ProxyBackend[], tried: number): void {
    if (client.destroyed) return;
    if (tried >= backends.length) {
      client.resetAndDestroy();
      return;
    }
    const backend = backends[this.next++ % backends.length];
    const upstream = connect({ host: backend.ip, port: backend.port, noDelay: true });
    this.track(upstream);
    let connected = false;
    upstream.once('error', () => {
      upstream.destroy();
      if (connected) client.destroy();
      else this.splice(client, backends, tried + 1);
    });
    upstream.once('connect', () => {
      connected = true;
      client.pipe(upstream).on('error', () => client.destroy());
      upstream.pipe(client);
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
    });
  }

  private track(socket: Socket): void {
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
  }
}
