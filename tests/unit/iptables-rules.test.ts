import test from 'ava';
import { createHash } from 'node:crypto';
import { base32, endpointChain, probability, renderIptables, serviceChain } from '../../adapters/cli/printers/iptables.js';
import type { ProxyRule } from '../../domain/service/proxy-rules.js';

/** Chain hashes computed here another way: sha256, then base32 read five bits at a time from a bit string. */
function independentHash(text: string): string {
  const bits = [...createHash('sha256').update(text).digest()].map((b) => b.toString(2).padStart(8, '0')).join('');
  return Array.from({ length: 16 }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[parseInt(bits.slice(i * 5, i * 5 + 5), 2)]).join('');
}

const rule = (extra: Partial<ProxyRule> = {}): ProxyRule => ({
  namespace: 'default', service: 'web', portName: 'http', protocol: 'TCP', clusterIP: '10.96.0.20', port: 80, backends: [], ...extra,
});
const backends = (...ports: number[]) => ports.map((port) => ({ ip: '127.0.0.1', port }));

test('chain names are kube-proxy\'s: KUBE-SVC- and KUBE-SEP- with 16 characters of base32(sha256)', (t) => {
  const web = rule();
  t.is(serviceChain(web), `KUBE-SVC-${independentHash('default/web:httptcp')}`);
  t.is(endpointChain(web, { ip: '127.0.0.1', port: 40001 }), `KUBE-SEP-${independentHash('default/web:httptcp127.0.0.1:40001')}`);
  t.is(serviceChain(rule({ portName: '', protocol: 'UDP' })), `KUBE-SVC-${independentHash('default/webudp')}`, 'an unnamed port is ns/name');
  // The names every kubeadm cluster shows in iptables-save.
  t.is(serviceChain(rule({ service: 'kubernetes', portName: 'https', port: 443 })), 'KUBE-SVC-NPX46M4PTMTKRN6Y');
  t.is(serviceChain(rule({ namespace: 'kube-system', service: 'kube-dns', portName: 'dns', protocol: 'UDP' })), 'KUBE-SVC-TCOU7JCQXEZGVUNU');
  t.is(serviceChain(rule({ namespace: 'kube-system', service: 'kube-dns', portName: 'dns-tcp' })), 'KUBE-SVC-ERIFXISQEP7F7OF4');
  t.is(base32(Buffer.from('foobar')), 'MZXW6YTBOI======', 'RFC 4648 test vector');
});

test('endpoints are picked at random with 1/n, 1/(n-1), …, the last unconditionally, as iptables-save prints them', (t) => {
  t.deepEqual([2, 3, 4].map(probability), ['0.50000000000', '0.33333333349', '0.25000000000']);
  const web = rule({ backends: backends(40001, 40002, 40003) });
  const svc = serviceChain(web);
  const lines = renderIptables([web]).split('\n').filter((l) => l.startsWith(`-A ${svc} `));
  const sep = (port: number) => endpointChain(web, { ip: '127.0.0.1', port });
  t.deepEqual(lines, [
    `-A ${svc} -m comment --comment "default/web:http -> 127.0.0.1:40001" -m statistic --mode random --probability 0.33333333349 -j ${sep(40001)}`,
    `-A ${svc} -m comment --comment "default/web:http -> 127.0.0.1:40002" -m statistic --mode random --probability 0.50000000000 -j ${sep(40002)}`,
    `-A ${svc} -m comment --comment "default/web:http -> 127.0.0.1:40003" -j ${sep(40003)}`,
  ]);
});

test('a NodePort service with one endpoint: the whole nat table, chains sorted, rules grouped by chain', (t) => {
  const web = rule({ nodePort: 30080, backends: backends(40001) });
  const [svc, sep] = [serviceChain(web), endpointChain(web, { ip: '127.0.0.1', port: 40001 })];
  const ext = svc.replace('KUBE-SVC-', 'KUBE-EXT-');
  const nat = renderIptables([web]).split('*nat\n')[1];
  const declared = [ext, 'KUBE-MARK-MASQ', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', sep, 'KUBE-SERVICES', svc];
  t.is(
    nat,
    [
      ...declared.map((c) => `:${c} - [0:0]`),
      `-A ${ext} -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ`,
      `-A ${ext} -j ${svc}`,
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      `-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j ${ext}`,
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      `-A ${sep} -s 127.0.0.1/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ`,
      `-A ${sep} -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 127.0.0.1:40001`,
      `-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j ${svc}`,
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      `-A ${svc} -m comment --comment "default/web:http -> 127.0.0.1:40001" -j ${sep}`,
      'COMMIT',
      '',
    ].join('\n'),
  );
});

test('a service without endpoints gets no nat chains, only filter-table REJECTs for its cluster IP and node port', (t) => {
  const text = renderIptables([rule({ portName: '', nodePort: 30081 })]);
  const [filter, nat] = text.split('*nat\n');
  t.true(filter.startsWith('*filter\n:KUBE-EXTERNAL-SERVICES - [0:0]\n:KUBE-FORWARD - [0:0]\n:KUBE-NODEPORTS - [0:0]\n:KUBE-PROXY-FIREWALL - [0:0]\n:KUBE-SERVICES - [0:0]\n'));
  t.true(filter.includes('-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30081 -j REJECT --reject-with icmp-port-unreachable\n'));
  t.true(filter.includes('-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\n'));
  t.true(filter.endsWith('COMMIT\n'));
  t.false(/KUBE-(SVC|SEP|EXT)-/.test(nat));
  t.false(nat.includes('--dport'), 'neither a cluster IP nor a node port rule');
});
