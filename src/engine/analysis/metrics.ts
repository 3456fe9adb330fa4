// How well a network does on a set of rows: its loss and outputs in one pass, and the metrics its loss calls for.
import type { Network } from '../network';
import { EVAL_CHUNK, evaluateObjective } from '../objective';
import type { Dataset, LossName } from '../types';

/** What a loss's outputs mean: one class of several, independent yes/no outputs, or numbers. */
export type Task = 'multiclass' | 'binary' | 'regression';

/** cross-entropy picks one class (argmax), binary-cross-entropy answers each output yes/no (≥ 0.5), mse regresses. */
export function taskOf(loss: LossName): Task {
  return loss === 'cross-entropy' ? 'multiclass' : loss === 'binary-cross-entropy' ? 'binary' : 'regression';
}

/** A confusion matrix and the accuracy it gives; `confusion[t][p]` counts rows of true class t predicted as p. */
export interface Confusion {
  accuracy: number;
  confusion: number[][];
}

export type Metrics =
  | ({ task: 'multiclass' } & Confusion)
  /** One yes/no classification per output; `accuracy` is over all outputs of all rows. */
  | { task: 'binary'; accuracy: number; outputs: Confusion[] }
  /** `r2` is the mean of the outputs' R² (scikit-learn's "uniform_average"); `mae` is over every output value. */
  | { task: 'regression'; r2: number; mae: number; outputs: { r2: number; mae: number }[] };

/**
 * J (with L2, as training reports it) over `rows` in one pass, with the network's outputs and the rows' targets, both
 * [rows, outputSize].
 */
export function evaluateRows(
  net: Network,
  data: Dataset,
  rows: ArrayLike<number>,
  lambda: number,
): { loss: number; outputs: Float64Array; targets: Float64Array } {
  const k = net.outputSize;
  const outputs = new Float64Array(rows.length * k);
  const targets = new Float64Array(rows.length * k);
  const last = net.layout.layers.length - 1;
  let at = 0;
  const loss = evaluateObjective(net, data, rows, lambda, false, (chunkRows) => {
    outputs.set(net.batchView(last).A.subarray(0, chunkRows * k), at);
    at += chunkRows * k;
  });
  for (let i = 0; i < rows.length; i++) targets.set(data.targets.subarray(rows[i] * k, rows[i] * k + k), i * k);
  return { loss, outputs, targets };
}

/** One split's loss and the metrics its task calls for: what `eval`, the trainer's reports and the panel show. */
export interface SplitScore {
  rows: number;
  loss: number;
  metrics: Metrics;
}

/** The loss (with L2) and metrics of `task` over `rows`, in the one pass evaluateRows makes. */
export function scoreRows(
  net: Network,
  data: Dataset,
  rows: ArrayLike<number>,
  lambda: number,
  task: Task,
): SplitScore {
  const r = evaluateRows(net, data, rows, lambda);
  return {
    rows: rows.length,
    loss: r.loss,
    metrics: metricsOf(task, r.outputs, r.targets, rows.length, data.outputSize),
  };
}

/** The share of answers that were right, for classifiers; undefined for regression (it has no right answer). */
export function accuracyOf(metrics: Metrics): number | undefined {
  return metrics.task === 'regression' ? undefined : metrics.accuracy;
}

/** The network's outputs [rows, outputSize] for `rows` rows of inputs, computed a chunk at a time. */
export function outputsOf(net: Network, inputs: Float64Array, rows: number): Float64Array {
  const n = net.inputSize;
  const k = net.outputSize;
  const outputs = new Float64Array(rows * k);
  for (let start = 0; start < rows; start += EVAL_CHUNK) {
    const count = Math.min(EVAL_CHUNK, rows - start);
    outputs.set(net.predict(inputs.subarray(start * n, (start + count) * n), count), start * k);
  }
  return outputs;
}

/** The class a multiclass row of outputs (or targets) stands for: its largest value's index, the first on ties. */
export function argmax(values: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  for (let c = 1; c < width; c++) if (values[offset + c] > values[offset + best]) best = c;
  return best;
}

/** The answer of one binary output (or target): 1 from 0.5 up, else 0. */
export function binaryClass(value: number): 0 | 1 {
  return value >= 0.5 ? 1 : 0;
}

/** The metrics of `task` for outputs against targets, both [rows, cols] row-major. */
export function metricsOf(
  task: Task,
  outputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  rows: number,
  cols: number,
): Metrics {
  if (task === 'multiclass') {
    const c = confusion(cols, rows, (r) => [argmax(targets, r * cols, cols), argmax(outputs, r * cols, cols)]);
    return { task, ...c };
  }
  if (task === 'binary') {
    const outs = Array.from({ length: cols }, (_, j) =>
      confusion(2, rows, (r) => [binaryClass(targets[r * cols + j]), binaryClass(outputs[r * cols + j])]),
    );
    const right = outs.reduce((s, o) => s + o.confusion[0][0] + o.confusion[1][1], 0);
    return { task, accuracy: rows * cols > 0 ? right / (rows * cols) : NaN, outputs: outs };
  }
  const outs = Array.from({ length: cols }, (_, j) => regression(outputs, targets, rows, cols, j));
  return {
    task,
    r2: outs.reduce((s, o) => s + o.r2, 0) / cols,
    mae: outs.reduce((s, o) => s + o.mae, 0) / cols,
    outputs: outs,
  };
}

function confusion(classes: number, rows: number, pair: (r: number) => [number, number]): Confusion {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let right = 0;
  for (let r = 0; r < rows; r++) {
    const [t, p] = pair(r);
    m[t][p]++;
    if (t === p) right++;
  }
  return { accuracy: rows > 0 ? right / rows : NaN, confusion: m };
}

/**
 * R² = 1 − SS_res / SS_tot and the mean absolute error of output j. R² is NaN when the targets are constant
 * (SS_tot = 0: no variance to explain) or there are no rows.
 */
function regression(
  outputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  rows: number,
  cols: number,
  j: number,
): { r2: number; mae: number } {
  let mean = 0;
  for (let r = 0; r < rows; r++) mean += targets[r * cols + j];
  mean /= rows;
  let res = 0;
  let tot = 0;
  let abs = 0;
  for (let r = 0; r < rows; r++) {
    const y = targets[r * cols + j];
    const d = outputs[r * cols + j] - y;
    res += d * d;
    tot += (y - mean) * (y - mean);
    abs += Math.abs(d);
  }
  return { r2: tot > 0 ? 1 - res / tot : NaN, mae: rows > 0 ? abs / rows : NaN };
}
