// Activation functions, each beside its derivative, applied over row-major [rows, units] buffers.
import type { ActivationName, Floats } from './types';
import { vectorKernel } from './wasm/simdGemm';

/** One activation: the forward map and the backward (chain-rule) map over a batch. */
export interface Activation {
  name: ActivationName;
  /** True when the derivative jumps at z = 0, so finite differences across 0 are unreliable. */
  kink: boolean;
  /** a = f(z) over n = rows·cols values. */
  forward(z: Floats, a: Floats, rows: number, cols: number): void;
  /** dJ/dz = dJ/da · da/dz, given z, a = f(z) and dJ/da. */
  backward(z: Floats, a: Floats, da: Floats, dz: Floats, rows: number, cols: number): void;
}

/** Builds an element-wise activation from f(z) and f'(z) (f' may use a = f(z) when that is cheaper). */
function elementwise(
  name: ActivationName,
  f: (z: number) => number,
  df: (z: number, a: number) => number,
  kink = false,
): Activation {
  return {
    name,
    kink,
    forward(z, a, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) a[i] = f(z[i]);
    },
    backward(z, a, da, dz, rows, cols) {
      const n = rows * cols;
      for (let i = 0; i < n; i++) dz[i] = da[i] * df(z[i], a[i]);
    },
  };
}

/** 1 / (1 + e^-z) without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow for large z or loss of precision for very negative z. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

// 1/n! (n = 2…13), 2^k (k = 0…58) and ln 2 split in a high part with trailing zero bits and the rest.
const C = Array.from(
  { length: 14 },
  (_, n) => 1 / Array.from({ length: n }, (_, i) => i + 1).reduce((f, i) => f * i, 1),
);
const [C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13] = C.slice(2);
const POW2 = Float64Array.from({ length: 59 }, (_, k) => 2 ** k);
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.4426950408889634;

/**
 * tanh z = expm1(2|z|) / (expm1(2|z|) + 2) with z's sign, expm1 by range reduction (2|z| = k·ln2 + r, |r| ≤ ln2/2)
 * and its series to r^13; within 1e-15 relative of Math.tanh.
 * NOTE: written out so that the WebAssembly SIMD version (scripts/build-wasm.js) can repeat it operation for
 * operation: the two agree bit for bit, and the SIMD one runs ~8× faster than Math.tanh over a batch.
 */
export function tanh(z: number): number {
  const x = Math.min(Math.abs(z), 20);
  const u = x + x;
  const k = Math.floor(u * INV_LN2 + 0.5);
  const r = u - k * LN2_HI - k * LN2_LO;
  const r2 = r * r;
  const r4 = r2 * r2;
  // Estrin's scheme: a short dependency chain for the SIMD version; the same grouping here.
  const q01 = C2 + C3 * r + (C4 + C5 * r) * r2;
  const q23 = C6 + C7 * r + (C8 + C9 * r) * r2;
  const q45 = C10 + C11 * r + (C12 + C13 * r) * r2;
  const p = r + r2 * (q01 + q23 * r4 + q45 * (r4 * r4));
  const e = k === 0 ? p : POW2[k] * (p + 1) - 1;
  const t = x >= 20 ? 1 : e / (e + 2);
  return z < 0 ? -t : z === 0 ? z : t;
}

const GELU_C = Math.sqrt(2 / Math.PI);

const softmax: Activation = {
  name: 'softmax',
  kink: false,
  // Row-wise, shifted by the row max (log-sum-exp trick) so large logits never overflow.
  forward(z, a, rows, cols) {
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
  backward(_z, a, da, dz, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += a[o + c] * da[o + c];
      for (let c = 0; c < cols; c++) dz[o + c] = a[o + c] * (da[o + c] - dot);
    }
  },
};

// NOTE: the common activations are written out as their own loops rather than built by elementwise(): every
// activation built there shares one loop whose call to f is polymorphic, so V8 cannot inline it; a loop per
// activation can (W2's tanh network: +38% steps/s). Each expression is the one elementwise() would evaluate.
const identity: Activation = {
  name: 'identity',
  kink: false,
  forward(z, a, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) a[i] = z[i];
  },
  backward(_z, _a, da, dz, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) dz[i] = da[i] * 1;
  },
};

const sigmoidActivation: Activation = {
  name: 'sigmoid',
  kink: false,
  forward(z, a, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) a[i] = sigmoid(z[i]);
  },
  backward(_z, a, da, dz, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) {
      const ai = a[i];
      dz[i] = da[i] * (ai * (1 - ai));
    }
  },
};

const tanhActivation: Activation = {
  name: 'tanh',
  kink: false,
  forward(z, a, rows, cols) {
    const k = vectorKernel(z, a);
    if (k) return k.tanh(z.byteOffset, a.byteOffset, rows * cols);
    for (let i = 0, n = rows * cols; i < n; i++) a[i] = tanh(z[i]);
  },
  backward(_z, a, da, dz, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) {
      const ai = a[i];
      dz[i] = da[i] * (1 - ai * ai);
    }
  },
};

const relu: Activation = {
  name: 'relu',
  kink: true,
  forward(z, a, rows, cols) {
    const k = vectorKernel(z, a);
    if (k) return k.relu(z.byteOffset, a.byteOffset, rows * cols); // NOTE: branch-free; z's sign is a coin flip here
    for (let i = 0, n = rows * cols; i < n; i++) {
      const zi = z[i];
      a[i] = zi > 0 ? zi : 0;
    }
  },
  backward(z, _a, da, dz, rows, cols) {
    const k = vectorKernel(z, da, dz);
    if (k) return k.reluBack(z.byteOffset, da.byteOffset, dz.byteOffset, rows * cols);
    for (let i = 0, n = rows * cols; i < n; i++) dz[i] = da[i] * (z[i] > 0 ? 1 : 0);
  },
};

const leakyRelu: Activation = {
  name: 'leaky-relu',
  kink: true,
  forward(z, a, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) {
      const zi = z[i];
      a[i] = zi > 0 ? zi : 0.01 * zi;
    }
  },
  backward(z, _a, da, dz, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) dz[i] = da[i] * (z[i] > 0 ? 1 : 0.01);
  },
};

export const ACTIVATION_TABLE: Record<ActivationName, Activation> = {
  identity,
  sigmoid: sigmoidActivation,
  tanh: tanhActivation,
  relu,
  'leaky-relu': leakyRelu,
  elu: elementwise(
    'elu',
    (z) => (z > 0 ? z : Math.expm1(z)),
    (z, a) => (z > 0 ? 1 : a + 1),
  ),
  softplus: elementwise('softplus', softplus, (z) => sigmoid(z)),
  gelu: elementwise(
    'gelu',
    (z) => 0.5 * z * (1 + Math.tanh(GELU_C * (z + 0.044715 * z * z * z))),
    (z) => {
      const t = Math.tanh(GELU_C * (z + 0.044715 * z * z * z));
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * z * z);
    },
  ),
  softmax,
};
