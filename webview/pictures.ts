// Reading the panel snapshot's layer pictures: exact numbers where they are exact, block summaries where pooled (pure).
import type { LayerPicture, PanelSnapshot, ParamRefInfo, ParamValue } from '../src/protocol';
import { sameRef } from './paramLayout';

/** True when each cell of the picture is one weight, in float64 (the protocol marks it by sending the updates). */
export function isExact(picture: LayerPicture): picture is LayerPicture & { weightUpdates: Float64Array } {
  return picture.weightUpdates !== undefined;
}

/** The parameter's exact numbers when the snapshot holds them: every bias, and the weights of exact pictures. */
export function exactValue(snapshot: PanelSnapshot, ref: ParamRefInfo): ParamValue | undefined {
  const p = snapshot.layers[ref.layer];
  if (!p || ref.row < 0) return undefined;
  if (ref.kind === 'bias') {
    if (ref.row >= p.biases.length) return undefined;
    return { ref, step: snapshot.step, value: p.biases[ref.row]!, grad: p.biasGrads[ref.row]!, update: p.biasUpdates[ref.row]! };
  }
  if (!isExact(p) || ref.row >= p.rows || ref.col < 0 || ref.col >= p.cols) return undefined;
  const k = ref.row * p.cols + ref.col;
  return { ref, step: snapshot.step, value: p.weights[k]!, grad: p.weightGrads[k]!, update: p.weightUpdates[k]! };
}

/** A parameter's numbers: from the snapshot when exact there, else from the host's answer when it is as new. */
export function knownValue(snapshot: PanelSnapshot, ref: ParamRefInfo, inspected: ParamValue | undefined): ParamValue | undefined {
  const exact = exactValue(snapshot, ref);
  if (exact) return exact;
  return inspected && sameRef(inspected.ref, ref) && inspected.step >= snapshot.step ? inspected : undefined;
}

/** The block of weights a pooled cell stands for, and the cell's values (largest magnitude in the block, sign kept). */
export interface PictureBlock {
  rows: [number, number];
  cols: [number, number];
  weight: number;
  grad: number;
}

/** The cell of the picture that covers W[row][col] of a layer of `units` × `fanIn` weights. */
export function blockAt(picture: LayerPicture, row: number, col: number, units: number, fanIn: number): PictureBlock | undefined {
  const r = Math.floor(row / picture.rowStep);
  const c = Math.floor(col / picture.colStep);
  if (r < 0 || c < 0 || r >= picture.rows || c >= picture.cols) return undefined;
  const k = r * picture.cols + c;
  return {
    rows: [r * picture.rowStep, Math.min(units, (r + 1) * picture.rowStep) - 1],
    cols: [c * picture.colStep, Math.min(fanIn, (c + 1) * picture.colStep) - 1],
    weight: picture.weights[k]!,
    grad: picture.weightGrads[k]!,
  };
}
