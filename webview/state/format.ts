// Number formatting for readouts, tooltips and tables (pure).

/** Formats a number for a readout: 4 significant digits, exponent form when very small or large. */
export function fmt(v: number | undefined): string {
  if (v === undefined) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}
