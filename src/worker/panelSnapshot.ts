// What the panel receives of a snapshot: every layer's weights as a picture, pooled and quantized for large layers
// (pure).
// The panel shows a few hundred pixels per layer; sending it 16 MB of a 784-512-512-10 network per snapshot blocked the
// extension host (code-server compresses webview traffic on the host's thread) and queued hovers behind the transfer.
import type { LayerHealthInfo, LayerPicture, PanelSnapshot } from '../protocol';
import type { LayerSlots } from '../shared/paramLayout';
import { NON_FINITE_CELL, PICTURE_EXACT_WEIGHTS, PICTURE_MAX_SIDE } from '../shared/pictures';

/** One layer's place in the flat parameter vector, as the engine lays it out. */
export type LayerSlice = Pick<LayerSlots, 'units' | 'fanIn' | 'wOffset' | 'bOffset'>;

/** The vectors a picture is made from, in the engine's flat layout (the engine's own buffers: pictures copy). */
export interface WeightVectors {
  params: ArrayLike<number>;
  grads: ArrayLike<number>;
  lastUpdate: ArrayLike<number>;
}

/** The facts a panel snapshot carries besides its pictures. */
export interface SnapshotFacts {
  step: number;
  epoch: number;
  loss: number;
  validationLoss?: number;
  accuracy?: number;
  validationAccuracy?: number;
  health: LayerHealthInfo[];
}

/** values[start, end) as a new float64 array. */
function copyRange(values: ArrayLike<number>, start: number, end: number): Float64Array {
  const out = new Float64Array(end - start);
  for (let i = start; i < end; i++) out[i - start] = values[i];
  return out;
}

/** Weights per cell down and across for a pooled [units, fanIn] weight matrix. */
export function pictureSteps(units: number, fanIn: number): { rowStep: number; colStep: number } {
  return { rowStep: Math.ceil(units / PICTURE_MAX_SIDE), colStep: Math.ceil(fanIn / PICTURE_MAX_SIDE) };
}

/**
 * Pools the [units, fanIn] matrix at values[offset…] into [rows, cols] cells, each the value of largest magnitude
 * in its block with its sign (NaN as soon as the block holds one, so a diverging weight stays visible).
 */
export function poolMatrix(
  values: ArrayLike<number>,
  offset: number,
  units: number,
  fanIn: number,
  rowStep: number,
  colStep: number,
): Float64Array {
  const rows = Math.ceil(units / rowStep);
  const cols = Math.ceil(fanIn / colStep);
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < units; r++) {
    const cellRow = Math.floor(r / rowStep) * cols;
    const base = offset + r * fanIn;
    for (let c0 = 0, cell = cellRow; c0 < fanIn; c0 += colStep, cell++) {
      let best = out[cell];
      const end = Math.min(c0 + colStep, fanIn);
      for (let c = c0; c < end; c++) {
        const v = values[base + c];
        if (Math.abs(v) > Math.abs(best) || v !== v) best = v;
      }
      out[cell] = best;
    }
  }
  return out;
}

/** Cells as round(127 · v / scale) with scale the largest finite |v| (NON_FINITE_CELL for the others). */
export function quantize(cells: Float64Array): { codes: Int8Array; scale: number } {
  let scale = 0;
  for (const v of cells) if (Number.isFinite(v) && Math.abs(v) > scale) scale = Math.abs(v);
  const codes = new Int8Array(cells.length);
  const k = scale > 0 ? 127 / scale : 0;
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    codes[i] = Number.isFinite(v) ? Math.round(v * k) : NON_FINITE_CELL;
  }
  return { codes, scale };
}

/** The picture of one layer of a snapshot. */
export function layerPicture(vectors: WeightVectors, slice: LayerSlice): LayerPicture {
  const { units, fanIn, wOffset, bOffset } = slice;
  const biases = {
    biases: copyRange(vectors.params, bOffset, bOffset + units),
    biasGrads: copyRange(vectors.grads, bOffset, bOffset + units),
    biasUpdates: copyRange(vectors.lastUpdate, bOffset, bOffset + units),
  };
  if (units * fanIn <= PICTURE_EXACT_WEIGHTS) {
    const exact = (v: ArrayLike<number>): Float64Array => copyRange(v, wOffset, wOffset + units * fanIn);
    return {
      kind: 'exact',
      rows: units,
      cols: fanIn,
      weights: exact(vectors.params),
      weightGrads: exact(vectors.grads),
      weightUpdates: exact(vectors.lastUpdate),
      ...biases,
    };
  }
  const { rowStep, colStep } = pictureSteps(units, fanIn);
  const pooled = (v: ArrayLike<number>) => quantize(poolMatrix(v, wOffset, units, fanIn, rowStep, colStep));
  const weights = pooled(vectors.params);
  const grads = pooled(vectors.grads);
  return {
    kind: 'pooled',
    rowStep,
    colStep,
    rows: Math.ceil(units / rowStep),
    cols: Math.ceil(fanIn / colStep),
    weights: weights.codes,
    weightScale: weights.scale,
    weightGrads: grads.codes,
    gradScale: grads.scale,
    ...biases,
  };
}

/** The panel's form of a snapshot: its facts, and each layer's weights as a picture of `vectors`. */
export function panelSnapshot(
  facts: SnapshotFacts,
  vectors: WeightVectors,
  slices: readonly LayerSlice[],
): PanelSnapshot {
  const { step, epoch, loss, validationLoss, accuracy, validationAccuracy, health } = facts;
  const out: PanelSnapshot = { step, epoch, loss, health, layers: slices.map((s) => layerPicture(vectors, s)) };
  if (validationLoss !== undefined) out.validationLoss = validationLoss;
  if (accuracy !== undefined) out.accuracy = accuracy;
  if (validationAccuracy !== undefined) out.validationAccuracy = validationAccuracy;
  return out;
}

/** Every typed array's buffer in a panel snapshot, to transfer instead of copy. */
export function panelBuffers(snapshot: PanelSnapshot): ArrayBuffer[] {
  return snapshot.layers
    .flatMap((l) => [
      l.weights,
      l.weightGrads,
      l.kind === 'exact' ? l.weightUpdates : undefined,
      l.biases,
      l.biasGrads,
      l.biasUpdates,
    ])
    .flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []));
}
