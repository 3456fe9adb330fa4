// Whether a target row is one the loss is defined for. A row it is not defined for still trains, on a gradient that
// belongs to no loss at all (softmax − y is dJ/dz only when Σy = 1), so such rows are errors before any training.
import type { LossName } from '../engine/types';

/** How far a cross-entropy target row's sum may stray from 1: room for probabilities written to a few digits. */
export const DISTRIBUTION_TOLERANCE = 1e-6;

/** Why one target row does not suit the loss; `col` is the value at fault when one value is. */
export interface TargetFault {
  col?: number;
  message: string;
}

/** Every row of the row-major `targets` (rows of `width`) the loss cannot take, in order. */
export function targetFaults(
  loss: LossName,
  targets: ArrayLike<number>,
  width: number,
): (TargetFault & { row: number })[] {
  const faults: (TargetFault & { row: number })[] = [];
  if (loss === 'mse') return faults;
  for (let row = 0, rows = targets.length / width; row < rows; row++) {
    const fault = targetFault(loss, targets, row * width, width);
    if (fault) faults.push({ row, ...fault });
  }
  return faults;
}

/** The fault of the row `targets[offset, offset + width)` under `loss`, or undefined when the loss can take it. */
function targetFault(
  loss: LossName,
  targets: ArrayLike<number>,
  offset: number,
  width: number,
): TargetFault | undefined {
  if (loss === 'binary-cross-entropy') {
    for (let c = 0; c < width; c++) {
      const v = targets[offset + c];
      if (!(v >= 0 && v <= 1)) {
        return { col: c, message: `binary-cross-entropy needs targets in [0, 1]; found ${v}${outsideUnitHint(v)}` };
      }
    }
  } else if (loss === 'cross-entropy') {
    const needs = 'cross-entropy needs each target row to be a distribution (entries ≥ 0 summing to 1)';
    let sum = 0;
    let binary = true;
    for (let c = 0; c < width; c++) {
      const v = targets[offset + c];
      if (!(v >= 0)) return { col: c, message: `${needs}; found ${v}` };
      sum += v;
      binary &&= v === 0 || v === 1;
    }
    if (!(Math.abs(sum - 1) <= DISTRIBUTION_TOLERANCE)) {
      return { message: `${needs}; this row sums to ${+sum.toPrecision(10)}${sumHint(sum, binary)}` };
    }
  }
  return undefined;
}

function outsideUnitHint(v: number): string {
  if (v === -1) return ' (labels of ±1? map them to 0/1)';
  if (Number.isInteger(v) && v > 1) {
    return (
      ' (class numbers? use a softmax output with "cross-entropy" and integer "labels", or one 0/1 column per ' +
      'class)'
    );
  }
  return ' (real-valued targets? use loss "mse", or scale them into [0, 1])';
}

function sumHint(sum: number, binary: boolean): string {
  if (sum === 0) return " (mark each sample's class with a 1)";
  if (binary)
    return ' (several classes at once? for multi-label targets use sigmoid outputs and "binary-cross-entropy")';
  return ' (write one-hot rows, class probabilities, or integer "labels")';
}
