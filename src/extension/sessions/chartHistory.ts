// The loss and gradient-norm chart history of a session: the worker's points appended, downsampled when long. Pure.
import type { HistoryPoint } from '../../protocol';

/** Above this many points every other point is dropped, so the history stays within a few thousand. */
export const MAX_HISTORY = 4000;

/**
 * Appends `point` in place (replacing a point of the same step), halving the history when it grows past MAX_HISTORY.
 */
export function appendPoint(history: HistoryPoint[], point: HistoryPoint): void {
  if (history.at(-1)?.step === point.step) history[history.length - 1] = point;
  else history.push(point);
  if (history.length <= MAX_HISTORY) return;
  // NOTE: keep the newest point whatever the parity, so the chart always ends at the current step.
  const kept = history.filter((_, i) => i % 2 === 0 || i === history.length - 1);
  history.splice(0, history.length, ...kept);
}
