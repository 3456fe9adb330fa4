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

/** A progress bar such as `[######------------------]` for `done` of `total`. */
export function progressBar(done: number, total: number, width = 24): string {
  const filled = Math.min(width, Math.max(0, Math.round((done / Math.max(total, 1)) * width)));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** Work expected to last longer than this says so before it goes on. */
export const SLOW_SECONDS = 10;

/** A duration as people say it: `0.4 s`, `12 s`, `4 min 10 s`, `2 h 5 min` (never less than 0.1 s). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'a very long time';
  if (seconds < 10) return `${Number(Math.max(seconds, 0.1).toFixed(1))} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}
