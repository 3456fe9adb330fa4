// The charts' data: the history's points as columns shaped for the chart library (pure). The history itself is
// kept by src/shared/history.ts, as the host keeps it.
import type { HistoryPoint } from '../../src/protocol';

/** A value for a log-scale axis: positive and finite, else null (a gap). */
export function logValue(v: number | undefined): number | null {
  return v !== undefined && v > 0 && Number.isFinite(v) ? v : null;
}

/** A value for a linear axis: finite, else null. */
export function linValue(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/** [steps, loss, validation loss?] columns. */
export function lossColumns(points: readonly HistoryPoint[], withValidation: boolean): (number | null)[][] {
  const cols: (number | null)[][] = [points.map((p) => p.step), points.map((p) => linValue(p.loss))];
  if (withValidation) cols.push(points.map((p) => linValue(p.validationLoss)));
  return cols;
}

/** [steps, ‖g‖ of layer 1, …, layer n] columns for a log axis. */
export function gradNormColumns(points: readonly HistoryPoint[], layers: number): (number | null)[][] {
  const cols: (number | null)[][] = [points.map((p) => p.step)];
  for (let l = 0; l < layers; l++) cols.push(points.map((p) => logValue(p.gradNorms[l])));
  return cols;
}
