import test from 'ava';
import { broadcastOf, cidrContains, formatCidr, formatIPv4, parseCidr, parseIPv4 } from '../../domain/allocation/ipv4.js';
import { lowestFree, parseRange } from '../../domain/allocation/range.js';

test('dotted quads convert to integers and back', (t) => {
  t.is(parseIPv4('10.96.0.1'), 10 * 2 ** 24 + 96 * 2 ** 16 + 1);
  t.is(parseIPv4('255.255.255.255'), 2 ** 32 - 1);
  t.is(parseIPv4('0.0.0.0'), 0);
  for (const ip of ['10.96.0.1', '192.168.255.254', '255.255.255.255', '0.0.0.0']) t.is(formatIPv4(parseIPv4(ip) as number), ip);
});

test('malformed addresses, out-of-range octets and leading zeros are refused', (t) => {
  for (const bad of ['10.96.0', '10.96.0.1.2', '10.96.0.256', '10.96.0.-1', '010.96.0.1', '10.96.0.01', 'a.b.c.d', '', '10..0.1', ' 10.96.0.1'])
    t.is(parseIPv4(bad), undefined, bad);
});

test('a CIDR gives its network, prefix and size; host bits are dropped', (t) => {
  t.deepEqual(parseCidr('10.96.0.0/12'), { network: parseIPv4('10.96.0.0'), prefix: 12, size: 2 ** 20 });
  t.is(formatCidr(parseCidr('10.96.7.9/12')!), '10.96.0.0/12');
  t.is(formatCidr(parseCidr('10.0.0.9/32')!), '10.0.0.9/32');
  t.is(formatCidr(parseCidr('10.0.0.9/0')!), '0.0.0.0/0');
  for (const bad of ['10.96.0.0', '10.96.0.0/33', '10.96.0.0/', '10.96.0.0/012', '10.96.0/12', '10.96.0.0/a']) t.is(parseCidr(bad), undefined, bad);
});

test('containment and the broadcast address follow the prefix', (t) => {
  const cidr = parseCidr('10.96.0.0/12')!;
  t.is(formatIPv4(broadcastOf(cidr)), '10.111.255.255');
  t.true(cidrContains(cidr, parseIPv4('10.111.255.255')!));
  t.false(cidrContains(cidr, parseIPv4('10.112.0.0')!));
  t.false(cidrContains(cidr, parseIPv4('10.95.255.255')!));
});

test('the service CIDR skips network and broadcast and reserves its first address', (t) => {
  const parsed = parseRange('clusterips', '10.96.0.0/12');
  if (!parsed.ok) return t.fail(parsed.problem);
  t.is(formatIPv4(parsed.range.first), '10.96.0.1');
  t.is(formatIPv4(parsed.range.last), '10.111.255.254');
  t.true(parsed.range.firstReserved);
  t.is(formatIPv4(lowestFree(parsed.range, () => false, 0)!), '10.96.0.2');
});

test('service CIDRs larger than /12 or without room for services are refused', (t) => {
  t.deepEqual(parseRange('clusterips', '10.0.0.0/8'), { ok: false, problem: '"10.0.0.0/8" is too large; for 32-bit addresses, the mask must be >= 12' });
  t.false(parseRange('clusterips', '10.0.0.0/31').ok);
  t.false(parseRange('clusterips', '10.96.0.0').ok);
});

test('port ranges are low-high within 1-65535', (t) => {
  const parsed = parseRange('nodeports', '30000-32767');
  t.deepEqual(parsed, { ok: true, range: { name: 'nodeports', text: '30000-32767', first: 30000, last: 32767, firstReserved: false } });
  t.deepEqual(parseRange('nodeports', '30000'), { ok: true, range: { name: 'nodeports', text: '30000-30000', first: 30000, last: 30000, firstReserved: false } });
  for (const bad of ['32767-30000', '0-100', '30000-70000', '30000-', 'a-b', '10.96.0.0/12']) t.false(parseRange('nodeports', bad).ok, bad);
});
