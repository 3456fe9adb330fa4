// The chart history's one thinning rule, kept alike by the worker, the extension host and the panel.

/** Chart points a session keeps; past it the history is thinned to every other point. */
export const MAX_HISTORY = 4000;

/**
 * Appends `point` to `points` in place, oldest first. A point of the last point's step refines it (a validation loss
 * measured later joins it); a point of an earlier step starts the run over (a reset). Past `cap` points, every other
 * point counted back from the newest is kept, so the curve stays evenly spaced and ends where training is. Returns
 * true when it thinned.
 */
export function appendHistory<P extends { step: number }>(points: P[], point: P, cap = MAX_HISTORY): boolean {
  const last = points[points.length - 1];
  if (last && point.step === last.step) points[points.length - 1] = { ...last, ...point };
  else {
    if (last && point.step < last.step) points.length = points.findIndex((p) => p.step >= point.step);
    points.push(point);
  }
  if (points.length <= cap) return false;
  const newest = points.length - 1;
  const kept = points.filter((_, i) => (newest - i) % 2 === 0);
  points.splice(0, points.length, ...kept);
  return true;
}
