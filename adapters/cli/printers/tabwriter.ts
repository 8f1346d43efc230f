/**
 * Go's text/tabwriter (left-aligned, space padding), which kubectl prints tables and describe output with:
 * tab-terminated cells in contiguous lines form a column, padded to its widest cell plus `padding`;
 * the text after a line's last tab belongs to no column and is never padded.
 */
export function tabwrite(text: string, options: { minWidth: number; padding: number }): string {
  const lines = text.split('\n').map((line) => line.split('\t'));
  const out: string[] = [];
  format(lines, 0, lines.length, [], options, out);
  return out.join('\n');
}

type Options = { minWidth: number; padding: number };

function format(lines: string[][], from: number, to: number, widths: number[], options: Options, out: string[]): void {
  const column = widths.length;
  let start = from;
  let i = from;
  while (i < to) {
    if (column >= lines[i].length - 1) {
      i++;
      continue;
    }
    writeLines(lines, start, i, widths, out);
    start = i;
    let width = options.minWidth;
    for (; i < to && column < lines[i].length - 1; i++) width = Math.max(width, length(lines[i][column]) + options.padding);
    format(lines, start, i, [...widths, width], options, out);
    start = i;
  }
  writeLines(lines, start, to, widths, out);
}

function writeLines(lines: string[][], from: number, to: number, widths: number[], out: string[]): void {
  for (let i = from; i < to; i++)
    out.push(lines[i].map((cell, j) => (j < widths.length ? cell + ' '.repeat(Math.max(0, widths[j] - length(cell))) : cell)).join(''));
}

function length(text: string): number {
  return [...text].length;
}
