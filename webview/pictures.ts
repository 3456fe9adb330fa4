// Reading the panel snapshot's layer pictures: exact numbers where they are exact, block summaries where pooled (pure).
import type { LayerPicture, PanelSnapshot, ParamRefInfo, ParamValue, PooledPicture } from '../src/protocol';
import { sameRef } from './paramLayout';

/** The code of a pooled cell whose block holds NaN or ±Infinity (PooledPicture in the protocol). */
export const NON_FINITE_CELL = -128;

/** The parameter's exact numbers when the snapshot holds them: every bias, and the weights of exact pictures. */
export function exactValue(snapshot: PanelSnapshot, ref: ParamRefInfo): ParamValue | undefined {
  const p = snapshot.layers[ref.layer];
  if (!p || ref.row < 0) return undefined;
  if (ref.kind === 'bias') {
    if (ref.row >= p.biases.length) return undefined;
    return { ref, step: snapshot.step, value: p.biases[ref.row]!, grad: p.biasGrads[ref.row]!, update: p.biasUpdates[ref.row]! };
  }
  if (p.kind !== 'exact' || ref.row >= p.rows || ref.col < 0 || ref.col >= p.cols) return undefined;
  const k = ref.row * p.cols + ref.col;
  return { ref, step: snapshot.step, value: p.weights[k]!, grad: p.weightGrads[k]!, update: p.weightUpdates[k]! };
}

/** A parameter's numbers: from the snapshot when exact there, else from the host's answer when it is as new. */
export function knownValue(snapshot: PanelSnapshot, ref: ParamRefInfo, inspected: ParamValue | undefined): ParamValue | undefined {
  const exact = exactValue(snapshot, ref);
  if (exact) return exact;
  return inspected && sameRef(inspected.ref, ref) && inspected.step >= snapshot.step ? inspected : undefined;
}

/** A pooled cell's value back from its code: about the block's value of largest magnitude (NaN for a non-finite block). */
export function decode(code: number, scale: number): number {
  return code === NON_FINITE_CELL ? NaN : (code / 127) * scale;
}

/** The block of weights a pooled cell stands for, and the cell's values (about the largest magnitude in the block, sign kept). */
export interface PictureBlock {
  rows: [number, number];
  cols: [number, number];
  weight: number;
  grad: number;
}

/** The cell of a pooled picture that covers W[row][col] of a layer of `units` × `fanIn` weights. */
export function blockAt(picture: PooledPicture, row: number, col: number, units: number, fanIn: number): PictureBlock | undefined {
  const r = Math.floor(row / picture.rowStep);
  const c = Math.floor(col / picture.colStep);
  if (r < 0 || c < 0 || r >= picture.rows || c >= picture.cols) return undefined;
  const k = r * picture.cols + c;
  return {
    rows: [r * picture.rowStep, Math.min(units, (r + 1) * picture.rowStep) - 1],
    cols: [c * picture.colStep, Math.min(fanIn, (c + 1) * picture.colStep) - 1],
    weight: decode(picture.weights[k]!, picture.weightScale),
    grad: decode(picture.weightGrads[k]!, picture.gradScale),
  };
}

/** What a picture shows of the weights or of their gradients: exact values, or codes of a scale. */
export type PictureValues = { exact: Float64Array } | { codes: Int8Array; scale: number };

/** The weights' or the gradients' side of a picture. */
export function pictureValues(picture: LayerPicture, what: 'weights' | 'gradients'): PictureValues {
  if (picture.kind === 'exact') return { exact: what === 'weights' ? picture.weights : picture.weightGrads };
  return what === 'weights' ? { codes: picture.weights, scale: picture.weightScale } : { codes: picture.weightGrads, scale: picture.gradScale };
}
