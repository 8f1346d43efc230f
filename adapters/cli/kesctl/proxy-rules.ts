import type { ProxyRule } from '../../../domain/service/proxy-rules.js';
import type { ProxyRuleList } from '../../http/routes/proxy-rules.js';
import { renderIptables } from '../printers/iptables.js';
import { printObject } from '../printers/object-printer.js';
import { tabwrite } from '../printers/tabwriter.js';
import { CliError } from './api-client.js';
import type { KesctlContext } from './context.js';

const FORMATS = ['wide', 'iptables', 'json', 'yaml'] as const;
const NAMES = new Set(['proxyrules', 'proxyrule']);
/** kubectl's endpoints column: this many, then `+ N more...` (all of them with -o wide). */
const SHOWN_ENDPOINTS = 3;

/** Whether `kesctl get <args>` asks for proxy rules (not a resource of the Kubernetes API). */
export const isProxyRules = (args: readonly string[]) => args.length > 0 && NAMES.has(args[0].toLowerCase());

/** `kesctl get proxyrules --node N [-o wide|iptables|json|yaml]`: the rules that node's kube-proxy applies. */
export async function getProxyRules(context: KesctlContext, args: readonly string[], options: { output?: string; node?: string }): Promise<number> {
  if (args.length > 1) throw new CliError('proxyrules take no name: kesctl get proxyrules --node NODE');
  if (!options.node) throw new CliError('say which node: kesctl get proxyrules --node NODE (every node applies the same rules)');
  const format = options.output;
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format))
    throw new CliError(`unknown output format "${format}" for proxyrules: use one of ${FORMATS.join(', ')}`);
  const list = await context.client().get<ProxyRuleList>(`/kes/v1/nodes/${encodeURIComponent(options.node)}/proxyrules`);
  if (format === 'json' || format === 'yaml') context.out(printObject(list, format));
  else if (format === 'iptables') context.out(renderIptables(list.items));
  else if (list.items.length === 0) context.err(`No proxy rules on node ${list.node}: there are no Services.\n`);
  else context.out(proxyRuleTable(list.items, format === 'wide'));
  return 0;
}

/** SERVICE PORT PROTOCOL CLUSTER-IP NODE-PORT ENDPOINTS, one row per service port. */
export function proxyRuleTable(rules: readonly ProxyRule[], wide: boolean): string {
  const rows = [
    ['SERVICE', 'PORT', 'PROTOCOL', 'CLUSTER-IP', 'NODE-PORT', 'ENDPOINTS'],
    ...rules.map((r) => [
      `${r.namespace}/${r.service}`,
      r.portName ? `${r.portName}:${r.port}` : String(r.port),
      r.protocol,
      r.clusterIP || '<none>',
      r.nodePort === undefined ? '<none>' : String(r.nodePort),
      endpoints(r, wide),
    ]),
  ];
  return tabwrite(rows.map((cells) => `${cells.join('\t')}\n`).join(''), { minWidth: 6, padding: 3 });
}

function endpoints(rule: ProxyRule, wide: boolean): string {
  const all = rule.backends.map((b) => (b.ip.includes(':') ? `[${b.ip}]:${b.port}` : `${b.ip}:${b.port}`));
  if (all.length === 0) return '<none>';
  if (wide || all.length <= SHOWN_ENDPOINTS) return all.join(',');
  return `${all.slice(0, SHOWN_ENDPOINTS).join(',')} + ${all.length - SHOWN_ENDPOINTS} more...`;
}
