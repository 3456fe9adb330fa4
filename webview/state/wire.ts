// Host messages as VS Code delivers them: its webview channel carries JSON, where NaN and ±Infinity arrive as null.

/**
 * Turns every null of a host message back into NaN, in place: the protocol has no nulls, so a null was a non-finite
 * number (a diverged loss, a gradient that overflowed). Without this the panel would reject every message from the
 * moment training diverges and keep showing it as running. Typed arrays travel as binary and are left alone.
 */
export function reviveNonFinite(data: unknown): unknown {
  if (data === null) return NaN;
  if (typeof data !== 'object' || ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return data;
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = reviveNonFinite(record[key]);
  return data;
}
