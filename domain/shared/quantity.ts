/** Kubernetes resource quantities, as integers: cpu in millicores, memory in bytes. */

/** A suffix's multiplier as 2^binary × 10^decimal. */
type Scale = Readonly<{ binary: number; decimal: number }>;
const SUFFIX: Readonly<Record<string, Scale>> = {
  m: { binary: 0, decimal: -3 }, '': { binary: 0, decimal: 0 },
  k: { binary: 0, decimal: 3 }, M: { binary: 0, decimal: 6 }, G: { binary: 0, decimal: 9 }, T: { binary: 0, decimal: 12 }, P: { binary: 0, decimal: 15 }, E: { binary: 0, decimal: 18 },
  Ki: { binary: 10, decimal: 0 }, Mi: { binary: 20, decimal: 0 }, Gi: { binary: 30, decimal: 0 }, Ti: { binary: 40, decimal: 0 }, Pi: { binary: 50, decimal: 0 }, Ei: { binary: 60, decimal: 0 },
};
/** Sign, digits, then a suffix or a decimal exponent (`1e3`), as Kubernetes writes quantities. */
const QUANTITY = /^([+-]?)(?=\.?[0-9])([0-9]*)(?:\.([0-9]*))?(?:(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?[0-9]+))?$/;

/** The largest count (of millicores, of bytes) kes holds exactly. */
export const MAX_QUANTITY = Number.MAX_SAFE_INTEGER;

/** Why a text is not a quantity kes can hold: no quantity at all, below zero, or more than MAX_QUANTITY. */
export type QuantityProblem = 'format' | 'negative' | 'too large';
export type QuantityReading = Readonly<{ value: number }> | Readonly<{ problem: QuantityProblem }>;

/**
 * A quantity counted in units of 10^`unitPower` (-3: millicores; 0: bytes), rounded up as Kubernetes rounds.
 * The digits are read as a whole number and scaled once, so `1.1` cpu is exactly 1100m.
 */
function readQuantity(text: string | number, unitPower: number): QuantityReading {
  const match = QUANTITY.exec(String(text).trim());
  if (!match) return { problem: 'format' };
  const [, sign, whole, fraction = '', suffix = '', exponent] = match;
  const mantissa = Number(`${whole}${fraction}` || '0');
  if (mantissa === 0) return { value: 0 };
  if (sign === '-') return { problem: 'negative' };
  const scale = exponent === undefined ? SUFFIX[suffix] : { binary: 0, decimal: Number(exponent) };
  const tens = scale.decimal - fraction.length - unitPower;
  const scaled = mantissa * 2 ** scale.binary;
  const value = tens >= 0 ? scaled * 10 ** tens : scaled / 10 ** -tens;
  if (!(value <= MAX_QUANTITY)) return { problem: 'too large' };
  return { value: value === 0 ? 1 : Math.ceil(value) };
}

export const readCpuMillis = (text: string | number): QuantityReading => readQuantity(text, -3);
export const readBytes = (text: string | number): QuantityReading => readQuantity(text, 0);

const valueOf = (reading: QuantityReading) => ('value' in reading ? reading.value : undefined);

export const parseCpuMillis = (text: string | number): number | undefined => valueOf(readCpuMillis(text));

/** Bytes; `m` (thousandths of a byte) is refused here, where a whole number of bytes is expected. */
export function parseBytes(text: string | number): number | undefined {
  return /m$/.test(String(text).trim()) ? undefined : valueOf(readBytes(text));
}

export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function formatBytes(bytes: number): string {
  for (const [suffix, scale] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const)
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale}${suffix}`;
  return bytes % 1024 === 0 ? `${bytes / 1024}Ki` : String(bytes);
}
