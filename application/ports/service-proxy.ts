import type { ProxyRule } from '../../domain/service/proxy-rules.js';

/**
 * Carries traffic to Services on one node: kes's kube-proxy hands it the whole set of rules each time
 * (level-triggered); it opens, updates and closes listeners to match.
 */
export interface ServiceProxy {
  apply(rules: readonly ProxyRule[]): Promise<void>;
  /** The rules in effect now, as last applied. */
  current(): readonly ProxyRule[];
  close(): Promise<void>;
}
export const ServiceProxy = Symbol.for('kes.ServiceProxy');
