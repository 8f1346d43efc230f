/** Kubernetes resource quantities, as integers: cpu in millicores, memory in bytes. */
const SUFFIX: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

export function parseCpuMillis(text: string | number): number | undefined {
  const q = String(text).trim();
  const match = QUANTITY.exec(q);
  if (!match) return undefined;
  const n = Number(match[1]);
  if (match[2] === 'm') return Math.ceil(n);
  const scale = SUFFIX[match[2] ?? ''];
  return scale === undefined ? undefined : Math.ceil(n * scale * 1000);
}

export function parseBytes(text: string | number): number | undefined {
  const q = String(text).trim();
  const match = QUANTITY.exec(q);
  if (!match || match[2] === 'm') return undefined;
  return Math.ceil(Number(match[1]) * SUFFIX[match[2] ?? '']);
}

export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function formatBytes(bytes: number): string {
  for (const [suffix, scale] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const)
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale}${suffix}`;
  return bytes % 1024 === 0 ? `${bytes / 1024}Ki` : String(bytes);
}
