import { createHash } from 'node:crypto';
import { servicePortName, type ProxyBackend, type ProxyRule } from '../../../domain/service/proxy-rules.js';

/**
 * The proxy rules as `iptables-save` prints the chains Kubernetes' iptables kube-proxy (v1.28+, Cluster traffic
 * policies, no cluster CIDR to detect local traffic) restores for the same Services: its *filter and *nat tables,
 * chains declared in the sorted order iptables-save lists them, each chain's rules in the order kube-proxy writes
 * them, and options in iptables-save's normal form (`-d ip/32 -p tcp -m comment … -m tcp --dport …`). The jumps
 * into these chains from the built-in chains (PREROUTING, OUTPUT, …) are not shown.
 */
export function renderIptables(rules: readonly ProxyRule[]): string {
  const filter = new Tables(['KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-SERVICES']);
  const nat = new Tables(['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']);
  nat.add('KUBE-POSTROUTING', `-m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`);
  nat.add('KUBE-POSTROUTING', `-j MARK --set-xmark ${MASQ_MARK}/0x0`);
  nat.add('KUBE-POSTROUTING', '-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
  nat.add('KUBE-MARK-MASQ', `-j MARK --set-xmark ${MASQ_MARK}/${MASQ_MARK}`);
  const proxied = rules.filter((r) => r.clusterIP !== '' && r.clusterIP !== 'None');
  // kube-proxy's "large cluster mode": past this many endpoints it leaves the per-endpoint comments out.
  const largeCluster = proxied.reduce((n, r) => n + r.backends.length, 0) > LARGE_CLUSTER_ENDPOINTS;
  for (const rule of proxied) servicePortRules(rule, filter, nat, largeCluster);
  nat.add('KUBE-SERVICES', '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  filter.add('KUBE-FORWARD', '-m conntrack --ctstate INVALID -j DROP');
  filter.add('KUBE-FORWARD', `-m comment --comment "kubernetes forwarding rules" -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`);
  filter.add('KUBE-FORWARD', '-m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  return filter.save('filter') + nat.save('nat');
}

/** kube-proxy's default masquerade bit 14, as iptables-save prints the mark. */
const MASQ_MARK = '0x4000';
const LARGE_CLUSTER_ENDPOINTS = 1000;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 with Go's `base32.StdEncoding` alphabet and padding (RFC 4648). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let value = 0;
  let bits = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xfff;
    bits += 8;
    for (; bits >= 5; bits -= 5) out += ALPHABET[(value >>> (bits - 5)) & 31];
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

const hash16 = (text: string) => base32(createHash('sha256').update(text).digest()).slice(0, 16);
const protocolOf = (rule: ProxyRule) => rule.protocol.toLowerCase();

/** `KUBE-SVC-…`: kube-proxy's portProtoHash of the service port name and the lower-case protocol. */
export const serviceChain = (rule: ProxyRule) => `KUBE-SVC-${hash16(servicePortName(rule) + protocolOf(rule))}`;
/** `KUBE-EXT-…`: where node-port (external) traffic goes before the service chain. */
export const externalChain = (rule: ProxyRule) => `KUBE-EXT-${hash16(servicePortName(rule) + protocolOf(rule))}`;
/** `KUBE-SEP-…`: the same hash with the endpoint (`ip:port`, IPv6 in brackets) appended. */
export const endpointChain = (rule: ProxyRule, backend: ProxyBackend) => `KUBE-SEP-${hash16(servicePortName(rule) + protocolOf(rule) + endpoint(backend))}`;

const endpoint = ({ ip, port }: ProxyBackend) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
const host = (ip: string) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`);

/**
 * The probability of the i-th of n remaining endpoints (1/n) as iptables-save prints it: kube-proxy writes
 * `%0.10f`, the statistic match stores round(p × 2³¹), and iptables-save prints that back with `%.11f`.
 */
export function probability(n: number): string {
  const stored = Math.round(Number((1 / n).toFixed(10)) * 0x80000000);
  return (stored / 0x80000000).toFixed(11);
}

function servicePortRules(rule: ProxyRule, filter: Tables, nat: Tables, largeCluster: boolean): void {
  const name = servicePortName(rule);
  const protocol = protocolOf(rule);
  const svc = serviceChain(rule);
  if (rule.backends.length === 0) {
    const reject = `-m comment --comment "${name} has no endpoints"`;
    filter.add('KUBE-SERVICES', `-d ${host(rule.clusterIP)} -p ${protocol} ${reject} -m ${protocol} --dport ${rule.port} -j REJECT --reject-with icmp-port-unreachable`);
    if (rule.nodePort !== undefined)
      filter.add('KUBE-EXTERNAL-SERVICES', `-p ${protocol} ${reject} -m addrtype --dst-type LOCAL -m ${protocol} --dport ${rule.nodePort} -j REJECT --reject-with icmp-port-unreachable`);
    return;
  }
  nat.add('KUBE-SERVICES', `-d ${host(rule.clusterIP)} -p ${protocol} -m comment --comment "${name} cluster IP" -m ${protocol} --dport ${rule.port} -j ${svc}`);
  if (rule.nodePort !== undefined) {
    const ext = externalChain(rule);
    nat.add('KUBE-NODEPORTS', `-p ${protocol} -m comment --comment "${name}" -m ${protocol} --dport ${rule.nodePort} -j ${ext}`);
    nat.declare(ext);
    nat.add(ext, `-m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`);
    nat.add(ext, `-j ${svc}`);
  }
  nat.declare(svc);
  const comment = (text: string) => (largeCluster ? '' : `-m comment --comment "${text}" `);
  rule.backends.forEach((backend, i) => {
    const remaining = rule.backends.length - i;
    const statistic = remaining > 1 ? `-m statistic --mode random --probability ${probability(remaining)} ` : '';
    nat.add(svc, `${comment(`${name} -> ${endpoint(backend)}`)}${statistic}-j ${endpointChain(rule, backend)}`);
  });
  for (const backend of rule.backends) {
    const sep = endpointChain(rule, backend);
    nat.declare(sep);
    // Hairpin: a pod reaching itself through the service is masqueraded, or it would answer itself directly.
    nat.add(sep, `-s ${host(backend.ip)} ${comment(name)}-j KUBE-MARK-MASQ`);
    nat.add(sep, `-p ${protocol} ${comment(name)}-m ${protocol} -j DNAT --to-destination ${endpoint(backend)}`);
  }
}

/** One table's chains and their rules, saved as iptables-save prints them: chains sorted, rules by chain. */
class Tables {
  private readonly chains = new Map<string, string[]>();

  constructor(chains: readonly string[]) {
    chains.forEach((c) => this.declare(c));
  }

  declare(chain: string): void {
    if (!this.chains.has(chain)) this.chains.set(chain, []);
  }

  add(chain: string, rule: string): void {
    this.declare(chain);
    this.chains.get(chain)!.push(rule);
  }

  save(table: string): string {
    const names = [...this.chains.keys()].sort();
    return [
      `*${table}`,
      ...names.map((c) => `:${c} - [0:0]`),
      ...names.flatMap((c) => this.chains.get(c)!.map((rule) => `-A ${c} ${rule}`)),
      'COMMIT',
      '',
    ].join('\n');
  }
}
