import { broadcastOf, formatCidr, formatIPv4, parseCidr, parseIPv4 } from './ipv4.js';

/** The two ranges a cluster allocates from: service ClusterIPs and NodePorts. */
export type AllocationName = 'clusterips' | 'nodeports';
/** A ClusterIP as a dotted quad, or a NodePort number. */
export type AllocatedValue = string | number;

/** A configured range: values in [first, last], as integers (an IPv4 address or a port). */
export type ValueRange = Readonly<{
  name: AllocationName;
  /** As configured, in canonical form: `10.96.0.0/12` or `30000-32767`. */
  text: string;
  first: number;
  last: number;
  /** The first value is handed out only to whoever asks for it by value. */
  firstReserved: boolean;
}>;

export type ParsedRange = { ok: true; range: ValueRange } | { ok: false; problem: string };

const PORT_RANGE = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/;

/**
 * Kubernetes gives neither the network nor the broadcast address of the service CIDR to a service, and keeps
 * its first address for the `kubernetes` service of the default namespace.
 */
function clusterIPRange(text: string): ParsedRange {
  const cidr = parseCidr(text);
  if (!cidr) return { ok: false, problem: `"${text}" is not an IPv4 CIDR such as 10.96.0.0/12` };
  if (cidr.prefix < 12)
    return { ok: false, problem: `"${text}" is too large; for 32-bit addresses, the mask must be >= 12` };
  if (cidr.prefix > 30) return { ok: false, problem: `"${text}" leaves no address for services; the mask must be <= 30` };
  return { ok: true, range: { name: 'clusterips', text: formatCidr(cidr), first: cidr.network + 1, last: broadcastOf(cidr) - 1, firstReserved: true } };
}

function nodePortRange(text: string): ParsedRange {
  const match = PORT_RANGE.exec(text);
  const first = Number(match?.[1]);
  const last = match?.[2] === undefined ? first : Number(match[2]);
  if (!match || first < 1 || last > 65535 || first > last)
    return { ok: false, problem: `"${text}" is not a port range such as 30000-32767 (1-65535, low-high)` };
  return { ok: true, range: { name: 'nodeports', text: `${first}-${last}`, first, last, firstReserved: false } };
}

export function parseRange(name: AllocationName, text: string): ParsedRange {
  switch (name) {
    case 'clusterips':
      return clusterIPRange(text);
    case 'nodeports':
      return nodePortRange(text);
    default:
      return { ok: false, problem: `unknown range "${name as string}": expected clusterips or nodeports` };
  }
}

/** A value as an integer of the range's kind; undefined when it is not an IPv4 address (or a port). */
export function valueToInt(range: ValueRange, value: AllocatedValue): number | undefined {
  if (range.name === 'clusterips') return typeof value === 'string' ? parseIPv4(value) : undefined;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

export const intToValue = (range: ValueRange, n: number): AllocatedValue => (range.name === 'clusterips' ? formatIPv4(n) : n);

export const inRange = (range: ValueRange, n: number) => n >= range.first && n <= range.last;

/** The lowest free value, skipping a reserved first value; undefined when the range is full. */
export function lowestFree(range: ValueRange, isTaken: (value: AllocatedValue) => boolean, taken: number): number | undefined {
  const start = range.firstReserved ? range.first + 1 : range.first;
  if (taken >= range.last - range.first + 1) return undefined;
  for (let n = start; n <= range.last; n++) if (!isTaken(intToValue(range, n))) return n;
  return undefined;
}

/** The allocator's own words, as Kubernetes says them. */
export const allocatorMessages = (range: ValueRange) =>
  range.name === 'clusterips'
    ? {
        noValue: 'must be a valid IP address, (e.g. 10.9.8.7)',
        notInRange: (value: AllocatedValue) => `provided IP ${value} is not in the valid range. The range of valid IPs is ${range.text}`,
        allocated: 'provided IP is already allocated',
        full: 'failed to allocate a serviceIP: range is full',
      }
    : {
        noValue: 'must be an integer port number',
        notInRange: () => `provided port is not in the valid range. The range of valid ports is ${range.text}`,
        allocated: 'provided port is already allocated',
        full: 'failed to allocate a nodePort: range is full',
      };
