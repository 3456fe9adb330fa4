// Colour scales for values with a sign: hue by sign, strength by magnitude (pure: theme colours come in as RGB).

export type Rgb = readonly [number, number, number];

/** The theme colours a scale blends: positive, negative, and the neutral base (the background). */
export interface Palette {
  positive: Rgb;
  negative: Rgb;
  base: Rgb;
}

/** Whether the theme's editor background is light or dark (high-contrast themes are one or the other). */
export type Brightness = 'light' | 'dark';

/**
 * The sign colours of weights, gradients and activations: Okabe & Ito's blue for positive and orange for negative, a
 * blue–orange diverging pair that protanopes, deuteranopes and tritanopes still tell apart (unlike red–green, or
 * red–blue on a dark background). On dark backgrounds the blue is their lighter sky blue, so both stand out from it.
 */
export const SIGN_COLOURS: Record<Brightness, { positive: Rgb; negative: Rgb }> = {
  light: { positive: [0, 114, 178], negative: [230, 159, 0] },
  dark: { positive: [86, 180, 233], negative: [230, 159, 0] },
};

/**
 * Colours of classes (decision boundary): Okabe & Ito's palette, safe under the common colour-vision deficiencies;
 * the first two are the sign colours, so one-output (0/1) shading and points match the graph's scale.
 */
export const CLASS_COLOURS: Record<Brightness, readonly Rgb[]> = {
  light: [
    [0, 114, 178],
    [230, 159, 0],
    [0, 158, 115],
    [204, 121, 167],
    [86, 180, 233],
    [213, 94, 0],
  ],
  dark: [
    [86, 180, 233],
    [230, 159, 0],
    [0, 158, 115],
    [204, 121, 167],
    [240, 228, 66],
    [213, 94, 0],
  ],
};

/** Parses `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb(…)` or `rgba(…)` as computed styles give them; undefined otherwise. */
export function parseColor(css: string): Rgb | undefined {
  const s = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(s)?.[1];
  if (hex) {
    if (hex.length === 3 || hex.length === 4)
      return [0, 1, 2].map((i) => parseInt(hex[i]! + hex[i]!, 16)) as unknown as Rgb;
    if (hex.length === 6 || hex.length === 8)
      return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as unknown as Rgb;
    return undefined;
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(s);
  if (fn)
    return [Number(fn[1]), Number(fn[2]), Number(fn[3])].map((v) =>
      Math.max(0, Math.min(255, Math.round(v))),
    ) as unknown as Rgb;
  return undefined;
}

/** a + (b − a)·t per channel, t clamped to [0, 1]. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const k = Math.max(0, Math.min(1, t));
  return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k, a[2] + (b[2] - a[2]) * k];
}

/** |value| / maxAbs in [0, 1]; 0 for a zero or non-finite scale. */
export function magnitude(value: number, maxAbs: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(value)) return 0;
  return Math.min(1, Math.abs(value) / maxAbs);
}

/** The base blended toward the positive or negative colour by the value's magnitude. */
export function diverging(value: number, maxAbs: number, palette: Palette): Rgb {
  return mix(palette.base, value < 0 ? palette.negative : palette.positive, magnitude(value, maxAbs));
}

/** An edge's stroke width in pixels, growing with magnitude between `min` and `max`. */
export function edgeWidth(value: number, maxAbs: number, min = 0.3, max = 4): number {
  return min + (max - min) * magnitude(value, maxAbs);
}

/** The largest finite |x| of values[start, end); 0 when there is none. */
export function maxAbs(values: ArrayLike<number>, start = 0, end = values.length): number {
  let m = 0;
  for (let i = start; i < end; i++) {
    const v = Math.abs(values[i]!);
    if (v > m && Number.isFinite(v)) m = v;
  }
  return m;
}

/** `rgb(r g b)` or `rgb(r g b / alpha)` for a canvas fillStyle. */
export function toCss(c: Rgb, alpha = 1): string {
  const [r, g, b] = c.map((v) => Math.round(v));
  return alpha >= 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha.toFixed(3)})`;
}

/**
 * Edges grouped by colour: group 2·level + (1 when negative), level = |value| / maxAbs in [0, levels); `order` lists
 * the edges group by group, weakest first (so strong edges are drawn on top), group g at order[starts[g] …
 * starts[g+1]).
 */
export function edgeGroups(
  values: ArrayLike<number>,
  maxAbs: number,
  levels: number,
): { group: Uint8Array; order: Uint32Array; starts: Uint32Array } {
  const n = values.length;
  const group = new Uint8Array(n);
  const starts = new Uint32Array(2 * levels + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const level = Math.round(magnitude(v, maxAbs) * (levels - 1));
    // Level first, sign second: equal strengths of both signs stay adjacent in the drawing order.
    group[i] = level * 2 + (v < 0 ? 1 : 0);
    starts[group[i]! + 1]!++;
  }
  for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
  const order = new Uint32Array(n);
  const fill = starts.slice(0, -1);
  for (let i = 0; i < n; i++) order[fill[group[i]!]!++] = i;
  return { group, order, starts };
}
