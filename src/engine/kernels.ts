// Dense kernels: three GEMM shapes for arrays anywhere (SIMD when big enough, else the plain loops), bias broadcast
// and column sums. Network's arena-backed passes call the SIMD kernels directly (see network.ts).
import * as plain from './plainKernels';
import type { Floats } from './types';
import { loadSimdGemm } from './wasm/simdGemm';

// NOTE: a GEMM on arrays outside any arena goes to the WebAssembly SIMD kernels once it has enough work (M·N·K
// multiply-adds) to pay for copying its operands in and out; below that the plain loops are faster. (Network keeps
// its batches in an arena and calls the kernels directly.) The choice depends on
// the shapes only, and both paths sum each element in the same order, so results do not depend on it.
export const SIMD_MIN_WORK = 4096;

/** NOTE: a switch for tests only: networks built while `simd` is false run the plain loops end to end. */
export const kernelDispatch = { simd: true };

const simd = loadSimdGemm();

/** C[M,N] = A[M,K] · B[N,K]ᵀ  (forward: Z = A_prev · Wᵀ). */
export function gemmNT(M: number, N: number, K: number, A: Floats, B: Floats, C: Floats): void {
  if (simd && M * N * K >= SIMD_MIN_WORK) simd.gemm(M, N, K, A, K, 1, B, 1, K, C, false);
  else plain.gemmNT(M, N, K, A, B, C);
}

/** C[M,N] (+)= A[K,M]ᵀ · B[K,N]  (backward: dW = dZᵀ · A_prev). `accumulate` adds to C instead of overwriting. */
export function gemmTN(M: number, N: number, K: number, A: Floats, B: Floats, C: Floats, accumulate: boolean): void {
  if (simd && M * N * K >= SIMD_MIN_WORK) simd.gemm(M, N, K, A, 1, M, B, N, 1, C, accumulate);
  else plain.gemmTN(M, N, K, A, B, C, accumulate);
}

/** C[M,N] = A[M,K] · B[K,N]  (backward: dA_prev = dZ · W). */
export function gemmNN(M: number, N: number, K: number, A: Floats, B: Floats, C: Floats): void {
  if (simd && M * N * K >= SIMD_MIN_WORK) simd.gemm(M, N, K, A, K, 1, B, N, 1, C, false);
  else plain.gemmNN(M, N, K, A, B, C);
}

/** Z[rows, cols] += b broadcast over rows. */
export function addRowVector(Z: Floats, b: Floats, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) Z[o + c] += b[c];
  }
}

/** out[c] (+)= Σ_r X[r, c]  (backward: db = Σ_samples dZ). */
export function columnSums(X: Floats, rows: number, cols: number, out: Floats, accumulate: boolean): void {
  if (!accumulate) out.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[c] += X[o + c];
  }
}
