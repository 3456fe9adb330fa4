import * as assert from 'node:assert/strict';
import { addRowVector, columnSums, gemmNN, gemmNT, gemmTN } from '../../../src/engine/kernels';
import { Rng } from '../../../src/engine';

function rand(n: number, rng: Rng, zeros = false): Float64Array {
  return Float64Array.from({ length: n }, () => (zeros && rng.next() < 0.3 ? 0 : rng.uniform(-1, 1)));
}

/** Plain triple loop on explicit indices: C[i][j] = Σ_p a(i,p) b(p,j). */
function naive(
  M: number,
  N: number,
  K: number,
  a: (i: number, p: number) => number,
  b: (p: number, j: number) => number,
): Float64Array {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) for (let p = 0; p < K; p++) C[i * N + j] += a(i, p) * b(p, j);
  return C;
}

function close(a: Float64Array, b: Float64Array): void {
  assert.equal(a.length, b.length);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-12, `[${i}] ${v} vs ${b[i]}`));
}

describe('engine/kernels', () => {
  const rng = new Rng(1);
  for (const [M, N, K] of [
    [1, 1, 1],
    [3, 5, 7],
    [17, 4, 9],
    [8, 33, 2],
  ]) {
    it(`gemm shapes agree with a naive product for ${M}×${N}×${K}`, () => {
      const A = rand(M * K, rng, true);
      const B = rand(N * K, rng);
      const C = new Float64Array(M * N);
      gemmNT(M, N, K, A, B, C);
      close(
        C,
        naive(
          M,
          N,
          K,
          (i, p) => A[i * K + p],
          (p, j) => B[j * K + p],
        ),
      );

      const At = rand(K * M, rng, true);
      const B2 = rand(K * N, rng);
      const C2 = rand(M * N, rng);
      const before = Float64Array.from(C2);
      gemmTN(M, N, K, At, B2, C2, true);
      const prod = naive(
        M,
        N,
        K,
        (i, p) => At[p * M + i],
        (p, j) => B2[p * N + j],
      );
      close(
        C2,
        prod.map((v, i) => v + before[i]),
      );
      gemmTN(M, N, K, At, B2, C2, false);
      close(C2, prod);

      const C3 = rand(M * N, rng);
      gemmNN(M, N, K, A, B2, C3);
      close(
        C3,
        naive(
          M,
          N,
          K,
          (i, p) => A[i * K + p],
          (p, j) => B2[p * N + j],
        ),
      );
    });
  }

  it('broadcasts biases and sums columns', () => {
    const Z = Float64Array.of(1, 2, 3, 4, 5, 6);
    addRowVector(Z, Float64Array.of(10, 20, 30), 2, 3);
    assert.deepEqual(Array.from(Z), [11, 22, 33, 14, 25, 36]);
    const out = Float64Array.of(1, 1, 1);
    columnSums(Z, 2, 3, out, true);
    assert.deepEqual(Array.from(out), [26, 48, 70]);
    columnSums(Z, 2, 3, out, false);
    assert.deepEqual(Array.from(out), [25, 47, 69]);
  });

  it('works on sub-views of larger buffers', () => {
    const big = new Float64Array(20).fill(7);
    const W = big.subarray(4, 8); // [2, 2]
    W.set([1, 2, 3, 4]);
    const C = new Float64Array(2);
    gemmNT(1, 2, 2, Float64Array.of(1, 1), W, C);
    assert.deepEqual(Array.from(C), [3, 7]);
    assert.equal(big[3], 7);
    assert.equal(big[8], 7);
  });
});
