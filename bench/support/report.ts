export type Figure = number | string | null;

/** What a benchmark hands back: rows for people, figures for machines, notes for both. */
export type BenchReport = Readonly<{
  title: string;
  rows: readonly Row[];
  figures: Readonly<Record<string, Figure>>;
  notes: readonly string[];
}>;

export type Row = Readonly<{ measure: string; value: string; detail?: string }>;

export function formatReport({ title, rows, notes }: BenchReport): string {
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => cells(row)[column]!.length)));
  const line = (row: Row) => {
    const [measure, value, detail] = cells(row);
    return `  ${measure!.padEnd(widths[0]!)}  ${value!.padStart(widths[1]!)}  ${detail}`.trimEnd();
  };
  return [title, '', ...rows.map(line), '', ...notes.map((note) => `  note: ${note}`)].join('\n');
}

const cells = (row: Row) => [row.measure, row.value, row.detail ?? ''];

/** A number rounded for reading: thousands separated, `digits` decimals. */
export const readable = (value: number | null, unit = '', digits = 0) =>
  value === null ? 'n/a' : `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit}`;

export const round = (value: number, digits = 0) => Number(value.toFixed(digits));

/** A mistake in the command line: reported in one line, without a stack. */
export class UsageError extends Error {}

/** The value at percentile `p` of ascending `sorted` values (NaN when empty). */
export const percentile = (sorted: ArrayLike<number>, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
