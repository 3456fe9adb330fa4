// The plain TypeScript kernels: the reference the SIMD kernels are tested against, and what runs without them.
import type { ElementwiseName } from '../../shared/activations';
import type { Floats, Precision } from '../types';
import { ELEMENTWISE } from './elementwise';
import type { Kernels } from './kernels';

// NOTE: every loop walks memory in row-major order in its innermost loop and allocates nothing. Each C element
// is summed over p in ascending order, the order the SIMD kernels keep, so float64 results agree bit for bit.

/** C[M,N] (+)= A[M,K] · B[N,K]ᵀ  (forward: Z = A_prev · Wᵀ). */
function gemmNT(M: number, N: number, K: number, A: Floats, B: Floats, C: Floats, accumulate: boolean): void {
  for (let i = 0; i < M; i++) {
    const ai = i * K;
    const ci = i * N;
    for (let j = 0; j < N; j++) {
      const bj = j * K;
      let s = accumulate ? C[ci + j] : 0;
      for (let p = 0; p < K; p++) s += A[ai + p] * B[bj + p];
      C[ci + j] = s;
    }
  }
}

/** C[M,N] (+)= A[K,M]ᵀ · B[K,N]  (backward: dW = dZᵀ · A_prev). */
function gemmTN(M: number, N: number, K: number, A: Floats, B: Floats, C: Floats, accumulate: boolean): void {
  if (!accumulate) C.fill(0, 0, M * N);
  for (let p = 0; p < K; p++) {
    const ap = p * M;
    const bp = p * N;
    for (let i = 0; i < M; i++) {
      const s = A[ap + i];
      if (s === 0) continue;
      const ci = i * N;
      for (let j = 0; j < N; j++) C[ci + j] += s * B[bp + j];
    }
  }
}

/** C[M,N] (+)= A[M,K] · B[K,N]  (backward: dA_prev = dZ · W). */
function gemmNN(M: number, N: number, K: number, A: Floats, B: Floats, C: Floats, accumulate: boolean): void {
  if (!accumulate) C.fill(0, 0, M * N);
  for (let i = 0; i < M; i++) {
    const ai = i * K;
    const ci = i * N;
    for (let p = 0; p < K; p++) {
      const s = A[ai + p];
      if (s === 0) continue;
      const bp = p * N;
      for (let j = 0; j < N; j++) C[ci + j] += s * B[bp + j];
    }
  }
}

/** C[M,N] (+)= A[K,M]ᵀ · B[N,K]ᵀ (no pass of a network needs it; here so every transpose pair works). */
function gemmTT(M: number, N: number, K: number, A: Floats, B: Floats, C: Floats, accumulate: boolean): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = accumulate ? C[i * N + j] : 0;
      for (let p = 0; p < K; p++) s += A[p * M + i] * B[j * K + p];
      C[i * N + j] = s;
    }
  }
}

export class PlainKernels implements Kernels {
  constructor(readonly precision: Precision) {}

  alloc(n: number): Floats {
    return this.precision === 'float32' ? new Float32Array(n) : new Float64Array(n);
  }

  gemm(
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    A: Floats,
    B: Floats,
    C: Floats,
    accumulate = false,
  ): void {
    if (transA) (transB ? gemmTT : gemmTN)(M, N, K, A, B, C, accumulate);
    else (transB ? gemmNT : gemmNN)(M, N, K, A, B, C, accumulate);
  }

  addRowVector(Z: Floats, b: Floats, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let c = 0; c < cols; c++) Z[o + c] += b[c];
    }
  }

  columnSums(X: Floats, rows: number, cols: number, out: Floats, accumulate: boolean): void {
    if (!accumulate) out.fill(0, 0, cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let c = 0; c < cols; c++) out[c] += X[o + c];
    }
  }

  map(f: ElementwiseName, z: Floats, a: Floats, n: number): void {
    ELEMENTWISE[f].forward(z, a, n);
  }

  mapBack(f: ElementwiseName, z: Floats, a: Floats, da: Floats, dz: Floats, n: number): void {
    ELEMENTWISE[f].backward(z, a, da, dz, n);
  }

  axpy(alpha: number, x: Floats, y: Floats): void {
    for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
  }

  descend(theta: Floats, g: Floats, next: Floats, eta: number, v: Floats, mu: number): boolean {
    // NOTE: x·0 is 0 for finite x and NaN otherwise, so one sum tells whether every value is finite.
    let finite = 0;
    if (mu === 0) {
      for (let i = 0; i < theta.length; i++) {
        next[i] = theta[i] - eta * g[i];
        finite += next[i] * 0;
      }
    } else {
      for (let i = 0; i < theta.length; i++) {
        v[i] = mu * v[i] + g[i];
        next[i] = theta[i] - eta * v[i];
        finite += next[i] * 0;
      }
    }
    return finite === 0;
  }

  commit(next: Floats, theta: Floats, update: Floats): void {
    for (let i = 0, n = next.length; i < n; i++) {
      const v = next[i];
      update[i] = v - theta[i];
      theta[i] = v;
    }
  }

  /** In four partial sums: one running sum waits on the previous add at every element. */
  sumOfSquares(x: Floats, from: number, to: number): number {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = from;
    for (; i + 3 < to; i += 4) {
      s0 += x[i] * x[i];
      s1 += x[i + 1] * x[i + 1];
      s2 += x[i + 2] * x[i + 2];
      s3 += x[i + 3] * x[i + 3];
    }
    for (; i < to; i++) s0 += x[i] * x[i];
    return s0 + s1 + (s2 + s3);
  }
}
