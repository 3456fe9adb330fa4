// Plain-text tables and number formatting for the CLI's human-readable output.
import { formatNumber } from '../shared/format';

/** A number in at most 6 significant digits (a terminal has room for more than a hover), aligned by the caller. */
export function fmt(x: number): string {
  return formatNumber(x, 6, 1e6);
}

/** Rows of numbers as right-aligned columns. */
export function formatMatrix(rows: number[][]): string {
  return formatTable(
    rows.map((r) => r.map(fmt)),
    undefined,
    '  ',
  );
}

/** A table of strings: columns padded to their widest cell; the first column left-aligned when `header` is given. */
export function formatTable(rows: string[][], header?: string[], indent = ''): string {
  const all = header ? [header, ...rows] : rows;
  const widths: number[] = [];
  for (const r of all) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const line = (r: string[]): string =>
    indent +
    r
      .map((c, i) => (header && i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const lines = all.map(line);
  if (header) lines.splice(1, 0, (indent + widths.map((w) => '─'.repeat(w)).join('  ')).trimEnd());
  return lines.join('\n');
}
