// The few operations the engine's math is written in. Two implementations stand behind them: plain TypeScript
// loops, and WebAssembly SIMD; a network chooses once, and both give the same float64 results bit for bit.
import type { ElementwiseName } from '../../shared/activations';
import type { Floats, Precision } from '../types';
import { PlainKernels } from './plain';
import { simdKernels } from './simd';

export interface Kernels {
  readonly precision: Precision;
  /** A zeroed vector of n values, placed where these kernels work on it in place. */
  alloc(n: number): Floats;
  /**
   * C[M,N] = op(A)·op(B), or C += op(A)·op(B) when `accumulate`. op(A) is [M,K]: A itself, or when `transA` the
   * transpose of A [K,M]; op(B) is [K,N]: B, or when `transB` the transpose of B [N,K]. Each element is summed over
   * k in ascending order (after C's own value when accumulating).
   */
  gemm(
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    A: Floats,
    B: Floats,
    C: Floats,
    accumulate?: boolean,
  ): void;
  /** Z[r, c] += b[c] for every row r of Z [rows, cols]. */
  addRowVector(Z: Floats, b: Floats, rows: number, cols: number): void;
  /** out[c] = Σ_r X[r, c] over X [rows, cols], or out[c] += … when `accumulate`. */
  columnSums(X: Floats, rows: number, cols: number, out: Floats, accumulate: boolean): void;
  /** a = f(z) value by value over n values (src/shared/activations.ts holds f). */
  map(f: ElementwiseName, z: Floats, a: Floats, n: number): void;
  /** dz = da ⊙ f'(z) over n values, given a = f(z). */
  mapBack(f: ElementwiseName, z: Floats, a: Floats, da: Floats, dz: Floats, n: number): void;
  /** y += α·x. */
  axpy(alpha: number, x: Floats, y: Floats): void;
  /**
   * One step of gradient descent: next = θ − η·v after v = μ·v + g, or next = θ − η·g without momentum (μ = 0, v
   * untouched). Returns false when some value of `next` is not finite.
   */
  descend(theta: Floats, g: Floats, next: Floats, eta: number, v: Floats, mu: number): boolean;
  /** update = next − θ, then θ = next: records a step and takes it, in one pass. */
  commit(next: Floats, theta: Floats, update: Floats): void;
  /** Σ x² over x[from … to). */
  sumOfSquares(x: Floats, from: number, to: number): number;
}

/** The WebAssembly SIMD kernels where the JavaScript engine has them, else the plain loops. */
export function createKernels(precision: Precision): Kernels {
  return simdKernels(precision) ?? new PlainKernels(precision);
}
