// The loss and gradient-norm chart history of a session: appended per progress message, downsampled when long. Pure.
import type { HistoryPoint, Progress } from '../protocol';

/** Above this many points every other point is dropped, so the history stays within a few thousand. */
export const MAX_HISTORY = 4000;

/** The chart point a progress message adds: its batch loss and grad norms, with the latest validation loss when known. */
export function historyPoint(progress: Progress, validationLoss: number | undefined): HistoryPoint {
  const point: HistoryPoint = { step: progress.step, loss: progress.batchLoss, gradNorms: progress.layerGradNorms };
  if (validationLoss !== undefined) point.validationLoss = validationLoss;
  return point;
}

/** Appends `point` in place (replacing a point of the same step), halving the history when it grows past MAX_HISTORY. */
export function appendPoint(history: HistoryPoint[], point: HistoryPoint): void {
  if (history.at(-1)?.step === point.step) history[history.length - 1] = point;
  else history.push(point);
  if (history.length <= MAX_HISTORY) return;
  // NOTE: keep the newest point whatever the parity, so the chart always ends at the current step.
  const kept = history.filter((_, i) => i % 2 === 0 || i === history.length - 1);
  history.splice(0, history.length, ...kept);
}
