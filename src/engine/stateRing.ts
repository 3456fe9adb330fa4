// Earlier training states within a memory budget, so a run can go back steps exactly (a debugger's Step Back).
import type { Trainer, TrainerState } from './trainer';

/** The memory the ring may hold by default: 256 MiB. */
export const DEFAULT_RING_BUDGET = 256 * 1024 * 1024;

/** Steps back a ring reaches at least, whatever the network's size (budget permitting two states). */
export const MIN_RING_DEPTH = 100;

interface Checkpoint {
  state: TrainerState;
  /** Saved after the user changed a parameter at this step: replaying the step before it would undo the change. */
  edited: boolean;
}

/** Bytes a saved state of this trainer takes: θ, the optimizer's vectors and the row order. */
export function stateBytes(t: Trainer): number {
  // 512: the objects around the arrays, which matter only for tiny networks.
  return 8 * t.net.layout.size * (1 + t.optimizer.vectors.length) + 4 * t.rows.train.length + 512;
}

/**
 * Checkpoints of a run every `interval` steps, at most `capacity` of them, the oldest dropped first. A step between
 * two checkpoints is reached by restoring the earlier one and replaying the steps after it, which are bit-identical
 * (training is deterministic), so the ring reaches `interval × (capacity − 1)` steps back while holding `capacity`
 * states. The interval is chosen so that this is at least MIN_RING_DEPTH steps.
 */
export class StateRing {
  readonly capacity: number;
  readonly interval: number;
  private readonly checkpoints: Checkpoint[] = [];

  constructor(
    readonly bytesPerState: number,
    readonly budgetBytes = DEFAULT_RING_BUDGET,
  ) {
    this.capacity = Math.max(2, Math.floor(budgetBytes / bytesPerState));
    this.interval = Math.max(1, Math.ceil(MIN_RING_DEPTH / (this.capacity - 1)));
  }

  /** The earliest step the ring can go back to, or undefined while it is empty. */
  get oldestStep(): number | undefined {
    return this.checkpoints[0]?.state.step;
  }

  /** Bytes the ring holds now. */
  get bytesHeld(): number {
    return this.checkpoints.length * this.bytesPerState;
  }

  /**
   * Called at every step boundary before the next step runs: keeps the state when its step is due (or `edited`,
   * replacing the checkpoint of this step), forgetting the checkpoints after it (the run may go its own way from here).
   */
  record(t: Trainer, edited = false): void {
    const kept = this.checkpoints;
    while (kept.length > 0 && kept[kept.length - 1].state.step > t.step) kept.pop();
    const same = kept.length > 0 && kept[kept.length - 1].state.step === t.step;
    if (same && !edited) return; // unchanged since it was kept
    if (same) kept.pop();
    if (!edited && t.step % this.interval !== 0) return;
    kept.push({ state: t.saveState(), edited });
    if (kept.length > this.capacity) kept.shift();
  }

  /**
   * Puts `t` back at the boundary after step `target` (≤ its step), with that step's mini-batch in its batch buffers
   * when the step can be replayed; false when the ring no longer reaches that far.
   */
  rewind(t: Trainer, target: number): boolean {
    const at = this.checkpoints.find((c) => c.state.step === target);
    if (at && (at.edited || target === 0)) {
      t.restoreState(at.state);
      return true;
    }
    let from: Checkpoint | undefined;
    for (const c of this.checkpoints) if (c.state.step < target) from = c;
    if (!from) return false;
    t.restoreState(from.state);
    const replay = target - from.state.step;
    if (t.runSteps(replay) !== replay) throw new Error(`Internal error: replaying steps up to ${target} diverged`);
    return true;
  }
}
