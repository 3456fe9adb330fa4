// Watches a session's full training loss against the one at the spec's weights, and holds the warning while the loss
// is far above it (a rise with every value finite is no divergence, and would otherwise go unnoticed).
import { lossRiseWarning } from '../../engine';
import type { LossRiseInfo } from '../../protocol';

export class LossWatch {
  /** The training loss at the spec's weights; set before the first step. */
  private startLoss?: number;
  /** Set while the latest training loss is far above the start. */
  private risen?: LossRiseInfo;

  get rise(): LossRiseInfo | undefined {
    return this.risen;
  }

  /** Before a step from the spec's weights: their loss, unless a snapshot already measured it. */
  noteStart(step: number, loss: () => number): void {
    if (this.startLoss === undefined && step === 0) this.startLoss = loss();
  }

  /** The full training loss at `step`, which a snapshot computes anyway. */
  check(step: number, loss: number): void {
    if (step === 0) this.startLoss = loss;
    const message = this.startLoss === undefined ? undefined : lossRiseWarning(this.startLoss, loss);
    this.risen = message && this.startLoss !== undefined ? { from: this.startLoss, to: loss, message } : undefined;
  }

  /** Training starts over: the next start loss is measured afresh. */
  reset(): void {
    this.startLoss = undefined;
    this.risen = undefined;
  }
}
