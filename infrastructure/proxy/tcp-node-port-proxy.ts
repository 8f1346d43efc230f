import type { ServiceProxy } from '../../application/ports/service-proxy.js';
import type { ProxyRule } from '../../domain/service/proxy-rules.js';
import { NodePortListener } from './node-port-listener.js';

/**
 * kes's kube-proxy data path on one node: a TCP listener on every Service node port, splicing connections to
 * the ready endpoints. Cluster IPs are not served: making them routable takes root (iptables or IPVS), which
 * a kes node does not assume. UDP ports are left out for now.
 */
export class TcpNodePortProxy implements ServiceProxy {
  private readonly listeners = new Map<number, NodePortListener>();
  private rules: readonly ProxyRule[] = [];
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly host = '0.0.0.0',
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** One apply at a time, in order: listeners are opened and closed to match `rules`. */
  apply(rules: readonly ProxyRule[]): Promise<void> {
    this.applying = this.applying.then(() => this.reconcile(rules));
    return this.applying;
  }

  current(): readonly ProxyRule[] {
    return this.rules;
  }

  async close(): Promise<void> {
    await this.applying;
    await Promise.all([...this.listeners.values()].map((l) => l.close()));
    this.listeners.clear();
    this.rules = [];
  }

  private async reconcile(rules: readonly ProxyRule[]): Promise<void> {
    const wanted = new Map(rules.filter((r) => r.protocol === 'TCP' && r.nodePort !== undefined).map((r) => [r.nodePort!, r]));
    for (const [port, listener] of this.listeners)
      if (!wanted.has(port)) {
        this.listeners.delete(port);
        await listener.close();
      }
    for (const [port, rule] of wanted) {
      const listener = this.listeners.get(port);
      if (listener) listener.update(rule);
      else await this.open(port, rule);
    }
    this.rules = rules;
  }

  private async open(port: number, rule: ProxyRule): Promise<void> {
    try {
      this.listeners.set(port, await NodePortListener.listen(this.host, rule));
    } catch (error) {
      // Another program holds the port: the next apply tries again.
      this.log(`kube-proxy: cannot listen on ${this.host}:${port} for ${rule.namespace}/${rule.service}: ${(error as Error).message}`);
    }
  }
}
