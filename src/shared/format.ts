// How numbers read wherever a user sees them: the panel, hovers, the CLI's tables.

/**
 * `digits` significant digits; exponent form (3 decimals) below 0.001 and from `plainBelow` up, where plain digits
 * would be mostly zeros. Non-finite values read as JavaScript writes them (NaN, Infinity); a missing one as a dash.
 */
export function formatNumber(v: number | undefined, digits = 4, plainBelow = 1e5): string {
  if (v === undefined) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < plainBelow ? String(Number(v.toPrecision(digits))) : v.toExponential(3);
}

/**
 * A whole number with comma thousands separators, `60,000` (rounded as Math.round does first; -0 as 0), as
 * `toLocaleString('en-US')` writes it, but without ICU: its first use in a process costs ~40 ms, a stall of the
 * extension host on the first load-progress message and of every CLI start.
 */
export function grouped(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '∞' : '-∞';
  const rounded = Math.round(n);
  const whole = Math.abs(rounded);
  // From 1e21 String() writes an exponent: its shortest digits, then zeros, as ICU writes them.
  const [mantissa = '', exponent] = String(whole).split('e+');
  const digits = exponent ? mantissa.replace('.', '').padEnd(Number(exponent) + 1, '0') : mantissa;
  return (rounded < 0 ? '-' : '') + digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** A data file's load as a person reads it: `x.npy: 45% (85 of 188 MB)`. */
export function loadProgressText(p: { file: string; done: number; total: number; unit: 'bytes' | 'rows' }): string {
  const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
  const amount =
    p.unit === 'bytes'
      ? `${grouped(p.done / 1e6)} of ${grouped(p.total / 1e6)} MB`
      : `${grouped(p.done)} of ${grouped(p.total)} rows`;
  return `${p.file}: ${percent}% (${amount})`;
}

/** A share as a percentage with one decimal (`97.2%`); `n/a` for NaN (a split without rows). */
export function formatPercent(share: number): string {
  return Number.isNaN(share) ? 'n/a' : `${(100 * share).toFixed(1)}%`;
}

/** `n` and the word, plural unless n is 1: "1 step", "0 epochs", "3 errors". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
