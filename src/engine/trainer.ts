// The training loop: mini-batches in order or shuffled from the seed, one optimizer update per step, divergence stops
// it.
import { scoreRows, taskOf, type SplitScore } from './analysis/metrics';
import { createKernels, type Kernels } from './kernels/kernels';
import { allFinite, initialParams, Network } from './network';
import { evaluateObjective, splitRows, type RowSplit } from './objective';
import { createOptimizer, type Optimizer } from './optimizers';
import { Rng, type RngState } from './rng';
import type { Divergence } from '../shared/reports';
import type { Dataset, Floats, ModelConfig, Precision } from './types';

export type { Divergence };

/**
 * Everything a run carries from one step to the next besides the spec and its data: restored into a trainer of the
 * same spec, the following steps are bit-identical to those of the run it was saved from.
 */
export interface TrainerState {
  step: number;
  epoch: number;
  /** Where in `order` the next mini-batch starts (0 at an epoch's start, when a shuffled run reshuffles). */
  cursor: number;
  /** The training rows in the current epoch's order: shuffling permutes it in place, epoch after epoch. */
  order: Uint32Array;
  shuffleRng: RngState;
  params: Float64Array;
  optimizer: { updates: number; vectors: Float64Array[] };
}

/** A run whose loss climbs past this many times its starting value is called a blow-up. */
export const LOSS_RISE_FACTOR = 100;

/**
 * The warning for a run whose loss rose more than LOSS_RISE_FACTOR× from `start` to `now` (e.g. "the loss rose from
 * 1.26e3 to 1.40e28: the learning rate is probably too high"), or undefined when it did not.
 */
export function lossRiseWarning(start: number, now: number): string | undefined {
  if (!(start > 0) || !Number.isFinite(start) || now <= LOSS_RISE_FACTOR * start) return undefined;
  const to = Number.isFinite(now) ? shortNumber(now) : 'a non-finite value';
  return `the loss rose from ${shortNumber(start)} to ${to}: the learning rate is probably too high`;
}

/** Three significant digits, in exponent form (1.26e3) outside [0.001, 1000). */
function shortNumber(x: number): string {
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e3 ? String(Number(x.toPrecision(3))) : x.toExponential(2).replace('e+', 'e');
}

/**
 * Steps for the next slice of a loop that yields between slices: the last slice's count rescaled so a slice
 * lasts about `targetMs`, growing at most twofold so one fast slice cannot overshoot into a long stall.
 */
export function nextSliceSteps(steps: number, elapsedMs: number, targetMs: number): number {
  return Math.max(1, Math.round(elapsedMs > 0 ? Math.min(steps * 2, (steps * targetMs) / elapsedMs) : steps * 2));
}

/** One phase of a training step. */
export type Phase =
  { kind: 'forward'; layer: number } | { kind: 'loss' } | { kind: 'backward'; layer: number } | { kind: 'update' };

/** A step between its phases: its batch size, the phases run, the highest layer whose gradient is not finite. */
interface CurrentStep {
  count: number;
  done: number;
  badGradient: number;
}

export class Trainer {
  readonly net: Network;
  readonly optimizer: Optimizer;
  readonly rows: RowSplit;
  /** Completed optimizer steps. */
  step = 0;
  /** Completed epochs. */
  epoch = 0;
  /** Loss (with L2) of the last step's mini-batch, before its update. */
  lastBatchLoss = NaN;
  /** θ after the last step minus θ before it. */
  readonly lastUpdate: Floats;
  /** ‖dJ/dθ‖₂ of each layer (weights and biases) at the last step. */
  readonly layerGradNorms: Float64Array;
  divergence: Divergence | undefined;
  /** Where the last step's mini-batch sits in `order`. */
  private lastBatch = { start: 0, count: 0 };
  /** Where the last step begun sits in `order`: the last step's, or one a divergence abandoned. */
  private begunBatch = { start: 0, count: 0 };
  /** The step in progress between phases, undefined at a step boundary. */
  private current: CurrentStep | undefined;
  private cursor = 0;
  private order: Uint32Array;
  private shuffleRng: Rng;
  private readonly next: Floats;

  constructor(
    readonly model: ModelConfig,
    readonly data: Dataset,
    precision: Precision = model.training.precision,
    theta?: ArrayLike<number>,
    kernels: Kernels = createKernels(precision),
  ) {
    // θ, its gradient, the next θ, the last update and the optimizer's state all come from one set of kernels.
    this.net = new Network(model, precision, theta, kernels);
    const size = this.net.layout.size;
    this.optimizer = createOptimizer(model.optimizer, size, kernels);
    this.rows = splitRows(data.rows, model.training.validationSplit, data.heldOut);
    this.order = this.rows.train.slice();
    this.shuffleRng = new Rng(model.seed, 'shuffle');
    this.next = kernels.alloc(size);
    this.lastUpdate = kernels.alloc(size);
    this.layerGradNorms = new Float64Array(model.layers.length);
    this.net.reserve(Math.min(this.batchSize, Math.max(1, this.order.length)));
  }

  get batchSize(): number {
    return this.model.training.batchSize;
  }

  get stepsPerEpoch(): number {
    return Math.ceil(this.order.length / this.batchSize);
  }

  /** Phases of one step: every layer's forward, the loss, every layer's backward (output first), the update. */
  get phaseCount(): number {
    return 2 * this.model.layers.length + 2;
  }

  /** The i-th phase of a step (0 ≤ i < phaseCount). */
  phaseAt(i: number): Phase {
    const n = this.model.layers.length;
    if (i < n) return { kind: 'forward', layer: i };
    if (i === n) return { kind: 'loss' };
    if (i <= 2 * n) return { kind: 'backward', layer: 2 * n - i };
    return { kind: 'update' };
  }

  /** Phases of the current step already run: 0 at a step boundary. */
  get phasesDone(): number {
    return this.current?.done ?? 0;
  }

  /** Rows in the current step's mini-batch (the last step's at a boundary); the batch views hold this many rows. */
  get batchRows(): number {
    return this.current?.count ?? this.lastBatch.count;
  }

  /**
   * One mini-batch: forward, backward, update. Returns false (and sets `divergence`) when it produced a non-finite
   * value.
   */
  trainStep(): boolean {
    do if (!this.advancePhase()) return false;
    while (this.current);
    return true;
  }

  /**
   * Runs the next phase of the current step (starting a step at a boundary). Returns false (and sets `divergence`,
   * abandoning the step) when the step produced a non-finite value.
   */
  advancePhase(): boolean {
    if (this.divergence) return false;
    const cur = this.current ?? this.beginStep();
    const phase = this.phaseAt(cur.done);
    const net = this.net;
    const lambda = this.model.training.l2;
    const count = cur.count;
    cur.done++;
    switch (phase.kind) {
      case 'forward':
        net.forwardLayer(phase.layer, count);
        return true;
      case 'loss': {
        const loss = net.batchLoss(count, count) + net.l2Penalty(lambda);
        this.lastBatchLoss = loss;
        if (Number.isFinite(loss)) return true;
        const layer = net.firstNonFiniteLayer(count);
        return this.diverged(layer < 0 ? this.model.layers.length - 1 : layer, layer < 0 ? 'loss' : 'activation');
      }
      case 'backward':
        net.backwardLayer(phase.layer, count, count, false);
        net.addLayerL2Gradient(phase.layer, lambda);
        if (!this.measureGradient(phase.layer)) cur.badGradient = Math.max(cur.badGradient, phase.layer);
        return true;
      case 'update':
        return this.update(cur);
    }
  }

  private beginStep(): CurrentStep {
    const n = this.order.length;
    if (n === 0) throw new Error('there are no training rows (all rows are held out for validation)');
    if (this.cursor === 0 && this.model.training.shuffle) this.shuffleRng.shuffle(this.order);
    const count = Math.min(this.batchSize, n - this.cursor);
    this.net.load(this.data, this.order, this.cursor, count);
    this.begunBatch.start = this.cursor;
    this.begunBatch.count = count;
    this.current = { count, done: 0, badGradient: -1 };
    return this.current;
  }

  /** The optimizer's update that ends a step, after its backward phases. */
  private update(cur: CurrentStep): boolean {
    const net = this.net;
    // Backprop runs output → input: the highest layer with a non-finite gradient is where it began.
    if (cur.badGradient >= 0) return this.diverged(cur.badGradient, 'gradient');
    if (!this.optimizer.step(net.params, net.grads, this.next)) {
      return this.diverged(this.firstNonFiniteLayerOf(this.next), 'update');
    }
    // One pass records the update and commits it (these per-parameter passes cost as much as W4's GEMMs' packing).
    net.kernels.commit(this.next, net.params, this.lastUpdate); // update = next − θ; θ = next
    this.current = undefined;
    this.lastBatch.start = this.cursor; // mutated in place: no allocation per step
    this.lastBatch.count = cur.count;
    this.step++;
    this.cursor += cur.count;
    if (this.cursor >= this.order.length) {
      this.cursor = 0;
      this.epoch++;
    }
    return true;
  }

  /** The data-set rows of the last step's mini-batch (valid until the next step). */
  lastBatchRows(): Uint32Array {
    return this.order.subarray(this.lastBatch.start, this.lastBatch.start + this.lastBatch.count);
  }

  /**
   * The rows of the last step begun: the step under way or one abandoned by a divergence (which never becomes the
   * last step), else the last step's. What a report of "this step" names.
   */
  stepRows(): Uint32Array {
    return this.order.subarray(this.begunBatch.start, this.begunBatch.start + this.begunBatch.count);
  }

  /** Runs up to k steps; stops early on divergence. Returns the steps done. */
  runSteps(k: number): number {
    let done = 0;
    while (done < k && this.trainStep()) done++;
    return done;
  }

  /** J (with L2) over all training rows at the current weights. */
  trainingLoss(): number {
    return evaluateObjective(this.net, this.data, this.rows.train, this.model.training.l2, false);
  }

  /** J (with L2) over the held-out rows, or undefined without a validation split. */
  validationLoss(): number | undefined {
    if (this.rows.validation.length === 0) return undefined;
    return evaluateObjective(this.net, this.data, this.rows.validation, this.model.training.l2, false);
  }

  /**
   * Loss and metrics per split at the current weights (the validation split only when rows are held out): the same
   * losses as trainingLoss and validationLoss, with the outputs' accuracy or R² from the same pass.
   */
  scores(): { training: SplitScore; validation?: SplitScore } {
    const task = taskOf(this.model.loss);
    const score = (rows: Uint32Array) => scoreRows(this.net, this.data, rows, this.model.training.l2, task);
    const training = score(this.rows.train);
    return this.rows.validation.length > 0 ? { training, validation: score(this.rows.validation) } : { training };
  }

  /** Back to the spec's initial weights, a fresh optimizer and the first batch. */
  reset(theta?: ArrayLike<number>): void {
    this.net.params.set(theta ?? initialParams(this.model));
    this.net.grads.fill(0);
    this.optimizer.reset();
    this.order = this.rows.train.slice();
    this.shuffleRng = new Rng(this.model.seed, 'shuffle');
    this.step = 0;
    this.epoch = 0;
    this.cursor = 0;
    this.lastBatch.start = 0;
    this.lastBatch.count = 0;
    this.begunBatch.start = 0;
    this.begunBatch.count = 0;
    this.current = undefined;
    this.lastBatchLoss = NaN;
    this.layerGradNorms.fill(0);
    this.lastUpdate.fill(0);
    this.divergence = undefined;
  }

  /** A copy of the run's state (see TrainerState). */
  saveState(): TrainerState {
    if (this.current) throw new Error('Internal error: a training state saved between the phases of a step');
    return {
      step: this.step,
      epoch: this.epoch,
      cursor: this.cursor,
      order: this.order.slice(),
      shuffleRng: this.shuffleRng.state(),
      params: Float64Array.from(this.net.params),
      optimizer: {
        updates: this.optimizer.updates,
        vectors: this.optimizer.vectors.map((v) => Float64Array.from(v)),
      },
    };
  }

  /** Why `state` cannot continue this run (sizes that differ, an order that is not its rows), or undefined. */
  stateProblem(state: TrainerState): string | undefined {
    const n = this.order.length;
    const vectors = this.optimizer.vectors;
    if (state.params.length !== this.net.layout.size)
      return `it holds ${state.params.length} parameters, the network has ${this.net.layout.size}`;
    const saved = state.optimizer.vectors;
    if (saved.length !== vectors.length || saved.some((v, i) => v.length !== vectors[i].length))
      return `its optimizer state does not fit this network's ${this.model.optimizer.type} optimizer`;
    if (state.order.length !== n) return `it was made over ${state.order.length} training rows, the data has ${n}`;
    const rows = new Set(this.rows.train);
    const seen = new Set<number>();
    for (const r of state.order) {
      if (!rows.has(r) || seen.has(r)) return `its row order is not an order of the ${n} training rows`;
      seen.add(r);
    }
    if (!Number.isInteger(state.cursor) || state.cursor < 0 || state.cursor >= Math.max(n, 1))
      return `its batch position ${state.cursor} is outside the ${n} training rows`;
    if (![state.step, state.epoch, state.optimizer.updates].every((k) => Number.isInteger(k) && k >= 0))
      return 'its step, epoch and update counts must be whole numbers ≥ 0';
    if (!state.params.every(Number.isFinite)) return 'its parameters are not all finite';
    try {
      new Rng(0).restore(state.shuffleRng);
    } catch (err) {
      return `its shuffle state is damaged (${(err as Error).message})`;
    }
    return undefined;
  }

  /** Continues the run `state` was saved from; throws when `stateProblem` finds it does not fit. */
  restoreState(state: TrainerState): void {
    const problem = this.stateProblem(state);
    if (problem) throw new Error(`cannot restore the training state: ${problem}`);
    this.reset(state.params);
    this.shuffleRng.restore(state.shuffleRng);
    this.order = state.order.slice();
    this.cursor = state.cursor;
    this.step = state.step;
    this.epoch = state.epoch;
    this.optimizer.updates = state.optimizer.updates;
    this.optimizer.vectors.forEach((v, i) => v.set(state.optimizer.vectors[i]));
  }

  /** Sets layer l's entry of layerGradNorms; false when its gradient holds a non-finite value. */
  private measureGradient(l: number): boolean {
    const g = this.net.grads;
    const s = this.net.layout.layers[l];
    const ss = this.net.kernels.sumOfSquares(g, s.wOffset, s.bOffset + s.units); // ‖dJ/dθ_l‖²
    this.layerGradNorms[l] = Math.sqrt(ss);
    return Number.isFinite(ss) || allFinite(g, s.bOffset + s.units - s.wOffset, s.wOffset);
  }

  private firstNonFiniteLayerOf(theta: Floats): number {
    return this.net.layout.layers.findIndex((s) => !allFinite(theta, s.bOffset + s.units - s.wOffset, s.wOffset));
  }

  private diverged(layer: number, where: Divergence['where']): false {
    this.current = undefined;
    const layerName = this.model.layers[layer].name;
    const what = {
      loss: 'the loss became non-finite',
      activation: `layer "${layerName}" produced a non-finite activation`,
      gradient: `the gradient of layer "${layerName}" became non-finite`,
      update: `the update made a weight of layer "${layerName}" non-finite`,
    }[where];
    const step = this.step + 1;
    this.divergence = {
      step,
      epoch: this.epoch + 1,
      layer,
      layerName,
      where,
      message:
        `Training diverged at step ${step} (epoch ${this.epoch + 1}): ${what}. The weights after step ` +
        `${this.step} are kept; try a smaller learning rate.`,
    };
    return false;
  }
}
