// Percentiles shared by both halves of bench:editor (the extension host's and the runner's).

/** n, p50, p99, max and mean of a sample, in ms rounded to 0.01. */
export interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number): number => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  const r = (v: number): number => Math.round(v * 100) / 100;
  return {
    n: s.length,
    p50: r(q(50)),
    p99: r(q(99)),
    max: r(s[s.length - 1] ?? NaN),
    mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}
