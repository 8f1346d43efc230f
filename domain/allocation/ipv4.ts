/** An IPv4 network: addresses are unsigned 32-bit integers, so a range is plain arithmetic. */
export type Cidr = Readonly<{ network: number; prefix: number; size: number }>;

// Go (and so Kubernetes) refuses leading zeros, which some tools read as octal.
const OCTET = /^(0|[1-9][0-9]{0,2})$/;
const PREFIX = /^(0|[1-9][0-9]?)$/;

/** A dotted quad such as 10.96.0.1 as an integer; undefined when it is not one. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIPv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join('.');
}

/** A CIDR such as 10.96.0.0/12. Host bits are dropped (10.96.0.1/12 is 10.96.0.0/12), as Go's ParseCIDR does. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIPv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !PREFIX.test(prefixText) || Number(prefixText) > 32) return undefined;
  const prefix = Number(prefixText);
  const size = 2 ** (32 - prefix);
  return { network: address - (address % size), prefix, size };
}

export const formatCidr = ({ network, prefix }: Cidr) => `${formatIPv4(network)}/${prefix}`;

export const cidrContains = ({ network, size }: Cidr, address: number) => address >= network && address < network + size;

/** The broadcast address: the last of the network. */
export const broadcastOf = ({ network, size }: Cidr) => network + size - 1;

export const isIPv4 = (text: string) => parseIPv4(text) !== undefined;
