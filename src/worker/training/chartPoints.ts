// The loss curve's points a session records between two progress messages, thinned to what a message may carry.
import type { HistoryPoint } from '../../protocol';
import { appendHistory } from '../../shared/history';

/** Chart points a progress message carries at most: the recording stride grows with the step rate to stay under it. */
const POINTS_PER_PROGRESS = 256;

/** What a point is read from: the trainer after a step. */
export interface StepReading {
  readonly step: number;
  readonly lastBatchLoss: number;
  readonly layerGradNorms: ArrayLike<number>;
}

export class ChartPoints {
  private points: HistoryPoint[] = [];
  /** A point is recorded every `stride` steps. */
  private stride = 1;

  /** Whether a run records a point at `step` (it also records its last step, so the curve ends where training is). */
  due(step: number): boolean {
    return step % this.stride === 0;
  }

  record(t: StepReading, validationLoss?: number): void {
    const point: HistoryPoint = { step: t.step, loss: t.lastBatchLoss, gradNorms: Array.from(t.layerGradNorms) };
    if (validationLoss !== undefined) point.validationLoss = validationLoss;
    // Thinned when too dense for the step rate: then record half as often from now on.
    if (appendHistory(this.points, point, POINTS_PER_PROGRESS)) this.stride *= 2;
  }

  /** The points recorded since the last call, for a progress message. */
  take(): HistoryPoint[] {
    const taken = this.points;
    this.points = [];
    return taken;
  }

  /** Back to a fresh curve, one point per step. */
  reset(): void {
    this.points = [];
    this.stride = 1;
  }
}
