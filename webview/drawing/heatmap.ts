// Weight-matrix heatmaps for layers too large to draw as edges: the threshold and a fast RGBA fill (pure).
import { NON_FINITE_CELL } from '../../src/shared/pictures';
import { mix, type Palette } from './colorScale';

/** Layers with more edges than this are drawn as a heatmap unless the host's settings say otherwise. */
export const DEFAULT_EDGE_LIMIT = 2000;

/** The edge limit to use: the host's setting when it is a positive number, else the default. */
export function edgeLimitOf(settings: { edgeLimit?: unknown } | undefined): number {
  const v = settings?.edgeLimit;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : DEFAULT_EDGE_LIMIT;
}

/** True when a layer of `units` × `fanIn` weights has too many edges to draw one by one. */
export function useHeatmap(units: number, fanIn: number, edgeLimit: number): boolean {
  return units * fanIn > edgeLimit;
}

const LEVELS = 256;

/** A lookup table of LEVELS colours per sign, so a pixel costs an index instead of a blend. */
export function heatmapLut(palette: Palette): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LEVELS * 2 * 4);
  for (let k = 0; k < LEVELS; k++) {
    const t = k / (LEVELS - 1);
    lut.set([...mix(palette.base, palette.positive, t), 255], k * 4);
    lut.set([...mix(palette.base, palette.negative, t), 255], (LEVELS + k) * 4);
  }
  return lut;
}

/**
 * Writes a [rows, cols] row-major matrix (values[offset …]) as RGBA pixels into `out` (rows·cols·4 bytes),
 * strength relative to `scale` (the largest |value|). W3 of a 784-128-10 net (100k weights) takes ~1 ms.
 */
export function fillHeatmap(
  out: Uint8ClampedArray,
  values: ArrayLike<number>,
  offset: number,
  rows: number,
  cols: number,
  scale: number,
  lut: Uint8ClampedArray,
): void {
  const n = rows * cols;
  const k = scale > 0 ? (LEVELS - 1) / scale : 0;
  for (let p = 0; p < n; p++) {
    const v = values[offset + p]!;
    let level = Math.round((v < 0 ? -v : v) * k);
    if (!(level <= LEVELS - 1)) level = LEVELS - 1; // also catches NaN
    const src = ((v < 0 ? LEVELS : 0) + level) * 4;
    const dst = p * 4;
    out[dst] = lut[src]!;
    out[dst + 1] = lut[src + 1]!;
    out[dst + 2] = lut[src + 2]!;
    out[dst + 3] = 255;
  }
}

/**
 * Writes pooled cells (codes round(127 · v / scale), NON_FINITE_CELL for a non-finite block) as RGBA pixels into
 * `out`; the codes are already relative to the layer's largest value, so they index the colour table directly.
 */
export function fillHeatmapCodes(out: Uint8ClampedArray, codes: Int8Array, lut: Uint8ClampedArray): void {
  for (let p = 0; p < codes.length; p++) {
    const code = codes[p]!;
    // A non-finite block shows at full strength, as fillHeatmap shows NaN.
    const level = code === NON_FINITE_CELL ? LEVELS - 1 : Math.round(((code < 0 ? -code : code) * (LEVELS - 1)) / 127);
    const src = ((code < 0 && code !== NON_FINITE_CELL ? LEVELS : 0) + level) * 4;
    const dst = p * 4;
    out[dst] = lut[src]!;
    out[dst + 1] = lut[src + 1]!;
    out[dst + 2] = lut[src + 2]!;
    out[dst + 3] = 255;
  }
}
