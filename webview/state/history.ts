// The charts' data: history kept under a point cap, and columns shaped for the chart library (pure).
import type { HistoryPoint } from '../../src/protocol';

/** Points kept per chart; older points are thinned out beyond it. */
export const MAX_POINTS = 4000;

/**
 * Appends a point; past `cap`, drops every other point of the older half so the whole run stays
 * visible at a coarser step (the newest points keep full detail). Mutates and returns `points`.
 */
export function appendCapped(points: HistoryPoint[], point: HistoryPoint, cap = MAX_POINTS): HistoryPoint[] {
  const last = points[points.length - 1];
  // A reset restarts the run.
  if (last && point.step <= last.step) points.length = points.findIndex((p) => p.step >= point.step);
  points.push(point);
  if (points.length > cap) {
    const half = Math.floor(points.length / 2);
    const thinned = points.slice(0, half).filter((_, i) => i % 2 === 0);
    points.splice(0, half, ...thinned);
  }
  return points;
}

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
