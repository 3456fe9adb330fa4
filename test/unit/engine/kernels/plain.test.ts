import * as assert from 'node:assert/strict';
import { Rng } from '../../../../src/engine';
import { PlainKernels } from '../../../../src/engine/kernels/plain';

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

describe('engine/kernels/plain', () => {
  const k = new PlainKernels('float64');
  const rng = new Rng(1);

  for (const [M, N, K] of [
    [1, 1, 1],
    [3, 5, 7],
    [17, 4, 9],
    [8, 33, 2],
  ]) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`gemm ${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'} agrees with a naive product for ${M}×${N}×${K}, accumulating or not`, () => {
          const A = rand(M * K, rng, true);
          const B = rand(N * K, rng);
          const a = (i: number, p: number): number => (transA ? A[p * M + i] : A[i * K + p]);
          const b = (p: number, j: number): number => (transB ? B[j * K + p] : B[p * N + j]);
          const want = naive(M, N, K, a, b);
          const C = rand(M * N, rng);
          const before = Float64Array.from(C);
          k.gemm(transA, transB, M, N, K, A, B, C, true);
          close(
            C,
            want.map((v, i) => v + before[i]),
          );
          k.gemm(transA, transB, M, N, K, A, B, C);
          close(C, want);
        });
      }
    }
  }

  it('broadcasts biases and sums columns', () => {
    const Z = Float64Array.of(1, 2, 3, 4, 5, 6);
    k.addRowVector(Z, Float64Array.of(10, 20, 30), 2, 3);
    assert.deepEqual(Array.from(Z), [11, 22, 33, 14, 25, 36]);
    const out = Float64Array.of(1, 1, 1);
    k.columnSums(Z, 2, 3, out, true);
    assert.deepEqual(Array.from(out), [26, 48, 70]);
    k.columnSums(Z, 2, 3, out, false);
    assert.deepEqual(Array.from(out), [25, 47, 69]);
  });

  it('works on sub-views of larger buffers', () => {
    const big = new Float64Array(20).fill(7);
    const W = big.subarray(4, 8); // [2, 2]
    W.set([1, 2, 3, 4]);
    const C = new Float64Array(2);
    k.gemm(false, true, 1, 2, 2, Float64Array.of(1, 1), W, C);
    assert.deepEqual(Array.from(C), [3, 7]);
    assert.equal(big[3], 7);
    assert.equal(big[8], 7);
  });

  it('adds α·x, descends, commits and sums squares', () => {
    const y = Float64Array.of(1, 2);
    k.axpy(0.5, Float64Array.of(2, -4), y);
    assert.deepEqual(Array.from(y), [2, 0]);

    const theta = Float64Array.of(1, -2);
    const g = Float64Array.of(0.5, -0.25);
    const v = Float64Array.of(1, 1);
    const next = new Float64Array(2);
    assert.ok(k.descend(theta, g, next, 0.1, v, 0));
    assert.deepEqual(Array.from(next), [1 - 0.1 * 0.5, -2 + 0.1 * 0.25]);
    assert.deepEqual(Array.from(v), [1, 1], 'no momentum: v untouched');
    assert.ok(k.descend(theta, g, next, 0.1, v, 0.9));
    assert.deepEqual(Array.from(v), [0.9 + 0.5, 0.9 - 0.25]);
    assert.deepEqual(Array.from(next), [1 - 0.1 * 1.4, -2 - 0.1 * 0.65]);
    assert.equal(k.descend(theta, Float64Array.of(Infinity, 0), next, 0.1, v, 0), false);

    const update = new Float64Array(2);
    k.commit(Float64Array.of(3, 5), theta, update);
    assert.deepEqual(
      [Array.from(theta), Array.from(update)],
      [
        [3, 5],
        [2, 7],
      ],
    );

    const x = Float64Array.from({ length: 11 }, (_, i) => i);
    assert.equal(
      k.sumOfSquares(x, 2, 9),
      [2, 3, 4, 5, 6, 7, 8].reduce((s, i) => s + i * i, 0),
    );
    assert.equal(k.sumOfSquares(x, 3, 3), 0);
  });

  it('allocates zeroed vectors of its precision', () => {
    assert.ok(new PlainKernels('float32').alloc(3) instanceof Float32Array);
    assert.deepEqual(Array.from(k.alloc(3)), [0, 0, 0]);
  });
});
