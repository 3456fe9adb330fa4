// Activation functions over row-major [rows, units] batches: the element-wise ones through the kernels' map (their
// scalar f and f' live in src/shared/activations.ts), softmax row by row.
import { SCALAR_ACTIVATIONS, type ElementwiseName } from '../shared/activations';
import type { Kernels } from './kernels/kernels';
import type { ActivationName, Floats } from './types';

/** One activation: the forward map and the backward (chain-rule) map over a batch. */
export interface Activation {
  name: ActivationName;
  /** True when the derivative jumps at z = 0, so finite differences across 0 are unreliable. */
  kink: boolean;
  /** a = f(z) over [rows, cols]. */
  forward(k: Kernels, z: Floats, a: Floats, rows: number, cols: number): void;
  /** dJ/dz = dJ/da · da/dz, given z, a = f(z) and dJ/da. */
  backward(k: Kernels, z: Floats, a: Floats, da: Floats, dz: Floats, rows: number, cols: number): void;
}

function elementwise(name: ElementwiseName): Activation {
  return {
    name,
    kink: SCALAR_ACTIVATIONS[name].kink,
    forward: (k, z, a, rows, cols) => k.map(name, z, a, rows * cols), //                a = f(z)
    backward: (k, z, a, da, dz, rows, cols) => k.mapBack(name, z, a, da, dz, rows * cols), // dz = da ⊙ f'(z)
  };
}

const softmax: Activation = {
  name: 'softmax',
  kink: false,
  // Row-wise, shifted by the row max (log-sum-exp trick) so large logits never overflow.
  forward(_k, z, a, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let c = 0; c < cols; c++) if (z[o + c] > max) max = z[o + c];
      let sum = 0;
      for (let c = 0; c < cols; c++) {
        const e = Math.exp(z[o + c] - max);
        a[o + c] = e;
        sum += e;
      }
      for (let c = 0; c < cols; c++) a[o + c] /= sum;
    }
  },
  // Jacobian-vector product: dz_c = a_c (da_c − Σ_j a_j da_j). With cross-entropy the fused delta is used instead.
  backward(_k, _z, a, da, dz, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += a[o + c] * da[o + c];
      for (let c = 0; c < cols; c++) dz[o + c] = a[o + c] * (da[o + c] - dot);
    }
  },
};

export const ACTIVATION_TABLE: Record<ActivationName, Activation> = {
  identity: elementwise('identity'),
  sigmoid: elementwise('sigmoid'),
  tanh: elementwise('tanh'),
  relu: elementwise('relu'),
  'leaky-relu': elementwise('leaky-relu'),
  elu: elementwise('elu'),
  softplus: elementwise('softplus'),
  gelu: elementwise('gelu'),
  softmax,
};
