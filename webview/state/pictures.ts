// Reading the panel snapshot's layer pictures: exact numbers where they are exact, block summaries where pooled (pure).
import type { LayerPicture, PanelSnapshot, ParamRef, ParamValue, PooledPicture } from '../../src/protocol';
import { paramPath } from '../../src/shared/paramLayout';
import { NON_FINITE_CELL } from '../../src/shared/pictures';

/** The parameter's exact numbers when the snapshot holds them: every bias, and the weights of exact pictures. */
export function exactValue(snapshot: PanelSnapshot, ref: ParamRef): ParamValue | undefined {
  const p = snapshot.layers[ref.layer];
  if (!p || ref.row < 0) return undefined;
  if (ref.kind === 'bias') {
    if (ref.row >= p.biases.length) return undefined;
    return {
      ref,
      step: snapshot.step,
      value: p.biases[ref.row]!,
      grad: p.biasGrads[ref.row]!,
      update: p.biasUpdates[ref.row]!,
    };
  }
  if (p.kind !== 'exact' || ref.row >= p.rows || ref.col < 0 || ref.col >= p.cols) return undefined;
  const k = ref.row * p.cols + ref.col;
  return { ref, step: snapshot.step, value: p.weights[k]!, grad: p.weightGrads[k]!, update: p.weightUpdates[k]! };
}

/** Answers and questions remembered at most; past it they are forgotten (and asked again if needed). */
const REMEMBERED = 256;

/**
 * Exact numbers of parameters: from the snapshot when it holds them, else the host's answers. A parameter is asked
 * for once per snapshot step, and every answer is kept, so two views asking about different weights (the tooltip
 * and the step view) never take each other's answers away. An answer may be from an older step than the pictures
 * (the host's exact vectors of a large network come less often): it says which step it is from.
 */
export class ExactValues {
  private readonly answers = new Map<string, ParamValue>();
  private readonly asked = new Set<string>();

  constructor(private readonly ask: (ref: ParamRef) => void) {}

  /** The parameter's numbers, exact from the snapshot or the host's latest answer; undefined until the first answer. */
  get(snapshot: PanelSnapshot, ref: ParamRef): ParamValue | undefined {
    const exact = exactValue(snapshot, ref);
    if (exact) return exact;
    const key = paramPath(ref);
    const question = `${snapshot.step} ${key}`;
    if (!this.asked.has(question)) {
      if (this.asked.size >= REMEMBERED) this.asked.clear();
      this.asked.add(question);
      this.ask(ref);
    }
    return this.answers.get(key);
  }

  /** Keeps the host's answer. */
  answer(value: ParamValue): void {
    if (this.answers.size >= REMEMBERED) this.answers.clear();
    this.answers.set(paramPath(value.ref), value);
  }

  /** Forgets every answer and question: a new state may be a new session, whose steps start again. */
  clear(): void {
    this.answers.clear();
    this.asked.clear();
  }
}

/**
 * A pooled cell's value back from its code: about the block's value of largest magnitude (NaN for a non-finite block).
 */
export function decode(code: number, scale: number): number {
  return code === NON_FINITE_CELL ? NaN : (code / 127) * scale;
}

/**
 * The block of weights a pooled cell stands for, and the cell's values (about the largest magnitude in the block, sign
 * kept).
 */
export interface PictureBlock {
  rows: [number, number];
  cols: [number, number];
  weight: number;
  grad: number;
}

/** The cell of a pooled picture that covers W[row][col] of a layer of `units` × `fanIn` weights. */
export function blockAt(
  picture: PooledPicture,
  row: number,
  col: number,
  units: number,
  fanIn: number,
): PictureBlock | undefined {
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
  return what === 'weights'
    ? { codes: picture.weights, scale: picture.weightScale }
    : { codes: picture.weightGrads, scale: picture.gradScale };
}
