// The reference GEMMs: plain typed-array loops that the SIMD kernels are tested against and fall back to.
import type { Floats } from './types';

// NOTE: every loop walks memory in row-major order in its innermost loop and allocates nothing. Each C element
// is summed over p in ascending order, the order the SIMD kernels keep, so float64 results agree bit for bit.

/** C[M,N] = A[M,K] · B[N,K]ᵀ  (forward: Z = A_prev · Wᵀ). */
export function gemmNT(M: number, N: number, K: number, A: Floats, B: Floats, C: Floats): void {
  for (let i = 0; i < M; i++) {
    const ai = i * K;
    const ci = i * N;
    for (let j = 0; j < N; j++) {
      const bj = j * K;
      let s = 0;
      for (let p = 0; p < K; p++) s += A[ai + p] * B[bj + p];
      C[ci + j] = s;
    }
  }
}

/** C[M,N] (+)= A[K,M]ᵀ · B[K,N]  (backward: dW = dZᵀ · A_prev). `accumulate` adds to C instead of overwriting. */
export function gemmTN(M: number, N: number, K: number, A: Floats, B: Floats, C: Floats, accumulate: boolean): void {
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

/** C[M,N] = A[M,K] · B[K,N]  (backward: dA_prev = dZ · W). */
export function gemmNN(M: number, N: number, K: number, A: Floats, B: Floats, C: Floats): void {
  C.fill(0, 0, M * N);
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
