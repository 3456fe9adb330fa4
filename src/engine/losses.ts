// Loss functions, each beside its gradient and under each reduction over outputs; the output deltas of sigmoid+BCE
// and softmax+CE are fused.
import { softplus } from '../shared/activations';
import { LOSS_OUTPUTS } from './types';
import type { ActivationName, Floats, LossName, LossOutputs, ModelConfig } from './types';

/**
 * One loss over a batch of `rows` samples with `cols` outputs. `count` is the m of the formulas: the
 * number of samples the mean runs over, which is larger than `rows` when a data set is evaluated in chunks.
 */
export interface Loss {
  name: LossName;
  /** The output activation whose derivative this loss's gradient already contains, if any. */
  fusedWith?: ActivationName;
  /** This batch's share of J: Σ over its samples of the per-sample terms, divided as the formula says. */
  value(z: Floats, a: Floats, y: Floats, rows: number, cols: number, count: number): number;
  /** Writes dJ/dz into `out` when fused with the output activation, else dJ/da. */
  gradient(a: Floats, y: Floats, out: Floats, rows: number, cols: number, count: number): void;
}

/** What J's sum over terms is divided by: m·k for the mean over samples and outputs, m when outputs are summed. */
function divisor(outputs: LossOutputs, count: number, cols: number): number {
  return outputs === 'mean' ? count * cols : count;
}

function mse(outputs: LossOutputs): Loss {
  return {
    name: 'mse',
    value(_z, a, y, rows, cols, count) {
      let s = 0;
      for (let i = 0, n = rows * cols; i < n; i++) {
        const d = a[i] - y[i];
        s += d * d;
      }
      return s / divisor(outputs, count, cols);
    },
    gradient(a, y, out, rows, cols, count) {
      const k = 2 / divisor(outputs, count, cols);
      for (let i = 0, n = rows * cols; i < n; i++) out[i] = k * (a[i] - y[i]);
    },
  };
}

function binaryCrossEntropy(outputs: LossOutputs): Loss {
  return {
    name: 'binary-cross-entropy',
    fusedWith: 'sigmoid',
    // From z rather than a: −log σ(z) = softplus(−z) and −log(1 − σ(z)) = softplus(z) stay finite when a rounds to 0
    // or 1.
    value(z, _a, y, rows, cols, count) {
      let s = 0;
      for (let i = 0, n = rows * cols; i < n; i++) s += y[i] * softplus(-z[i]) + (1 - y[i]) * softplus(z[i]);
      return s / divisor(outputs, count, cols);
    },
    gradient(a, y, out, rows, cols, count) {
      const k = 1 / divisor(outputs, count, cols);
      for (let i = 0, n = rows * cols; i < n; i++) out[i] = k * (a[i] - y[i]);
    },
  };
}

const crossEntropy: Loss = {
  name: 'cross-entropy',
  fusedWith: 'softmax',
  // −Σ_c y_c log softmax(z)_c = Σ_c y_c (logsumexp(z) − z_c), with the max subtracted inside logsumexp.
  value(z, _a, y, rows, cols, count) {
    let s = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let c = 0; c < cols; c++) if (z[o + c] > max) max = z[o + c];
      let sum = 0;
      for (let c = 0; c < cols; c++) sum += Math.exp(z[o + c] - max);
      const lse = max + Math.log(sum);
      for (let c = 0; c < cols; c++) if (y[o + c] !== 0) s += y[o + c] * (lse - z[o + c]);
    }
    return s / divisor('sum', count, cols);
  },
  gradient(a, y, out, rows, cols, count) {
    const k = 1 / divisor('sum', count, cols);
    for (let i = 0, n = rows * cols; i < n; i++) out[i] = k * (a[i] - y[i]);
  },
};

/**
 * Every loss under each reduction over outputs it defines. Cross-entropy has only "sum": its per-class terms are one
 * distribution's log-likelihood, which no framework divides by the class count.
 */
export const LOSS_TABLE: { readonly [N in LossName]: Readonly<Partial<Record<LossOutputs, Loss>>> } = {
  mse: { mean: mse('mean'), sum: mse('sum') },
  'binary-cross-entropy': { mean: binaryCrossEntropy('mean'), sum: binaryCrossEntropy('sum') },
  'cross-entropy': { sum: crossEntropy },
};

/** The reductions over outputs `name` defines, the default ("mean" where defined) first. */
export function reductionsOf(name: LossName): LossOutputs[] {
  return LOSS_OUTPUTS.filter((o) => LOSS_TABLE[name][o] !== undefined);
}

/** The loss a model trains on; throws on a reduction the loss does not define (parseSpec refuses those first). */
export function lossOf(model: Pick<ModelConfig, 'loss' | 'lossOutputs'>): Loss {
  const loss = LOSS_TABLE[model.loss][model.lossOutputs];
  if (!loss) throw new Error(`loss "${model.loss}" has no "outputs": "${model.lossOutputs}"`);
  return loss;
}
