import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Rng, type Floats, type Precision } from '../../../../src/engine';
import type { Kernels } from '../../../../src/engine/kernels/kernels';
import { PlainKernels } from '../../../../src/engine/kernels/plain';
import { simdKernels } from '../../../../src/engine/kernels/simd';

/** n values in [−1, 1) (a third of them zero when `zeros`) at a nonzero offset inside a larger vector of `k`. */
function view(k: Kernels, n: number, rng: Rng, zeros = false): Floats {
  const big = k.alloc(n + 7);
  for (let i = 0; i < big.length; i++) big[i] = zeros && rng.next() < 0.3 ? 0 : rng.uniform(-1, 1);
  return big.subarray(3, 3 + n);
}

/** float64 must agree bit for bit (same summation order); float32 within a few ulps of the sums' magnitude. */
function agree(precision: Precision, got: Floats, want: Floats, K: number): void {
  if (precision === 'float64') return assert.deepEqual(Array.from(got), Array.from(want));
  for (let i = 0; i < want.length; i++)
    assert.ok(Math.abs(got[i] - want[i]) <= 4e-7 * K, `[${i}] ${got[i]} vs ${want[i]}`);
}

describe('engine/kernels/simd: WebAssembly SIMD against the plain loops', () => {
  const rng = new Rng(7);

  for (const precision of ['float64', 'float32'] as Precision[]) {
    const simd = simdKernels(precision)!;
    const plain = new PlainKernels(precision);
    const copy = (x: Floats): Floats => (precision === 'float32' ? Float32Array.from(x) : Float64Array.from(x));

    it(`${precision}: loads in Node 20`, () => assert.ok(simd));

    // Odd sizes cross every edge of the register tiles; the large one grows the module's memory.
    for (const [M, N, K] of [
      [1, 1, 1],
      [7, 9, 5],
      [13, 17, 33],
      [6, 8, 64],
      [64, 10, 128],
      [130, 70, 300],
    ]) {
      it(`${precision} ${M}×${N}×${K}: every transpose pair, accumulating or not, on sub-views`, () => {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            const A = view(simd, M * K, rng, true);
            const B = view(simd, N * K, rng);
            const C = view(simd, M * N, rng);
            const want = copy(C);
            simd.gemm(transA, transB, M, N, K, A, B, C, true);
            plain.gemm(transA, transB, M, N, K, copy(A), copy(B), want, true);
            agree(precision, C, want, K);
            simd.gemm(transA, transB, M, N, K, A, B, C);
            plain.gemm(transA, transB, M, N, K, copy(A), copy(B), want);
            agree(precision, C, want, K);
          }
        }
      });
    }

    it(`${precision}: descends (with and without momentum), commits and sums squares as the plain loops do`, () => {
      const n = 1001;
      const [theta, g, v] = [view(simd, n, rng), view(simd, n, rng), view(simd, n, rng)];
      const [pTheta, pg, pv] = [copy(theta), copy(g), copy(v)];
      const [next, pNext] = [simd.alloc(n), plain.alloc(n)];
      for (const mu of [0, 0.9]) {
        assert.equal(simd.descend(theta, g, next, 0.1, v, mu), plain.descend(pTheta, pg, pNext, 0.1, pv, mu));
        agree(precision, next, pNext, 1);
        agree(precision, v, pv, 1);
      }
      const [update, pUpdate] = [simd.alloc(n), plain.alloc(n)];
      simd.commit(next, theta, update);
      plain.commit(pNext, pTheta, pUpdate);
      agree(precision, theta, pTheta, 1);
      agree(precision, update, pUpdate, 1);
      const ss = simd.sumOfSquares(g, 5, 700);
      assert.ok(Math.abs(ss - plain.sumOfSquares(pg, 5, 700)) <= 1e-6 * ss);
      g[9] = Infinity;
      assert.equal(simd.descend(theta, g, next, 0.1, v, 0), false, 'a non-finite value is reported');
    });

    it(`${precision}: vectors stay valid and in place while the memory grows`, () => {
      const k = simdKernels(precision)!;
      const x = k.alloc(5);
      x.set([1, 2, 3, 4, 5]);
      const y = k.alloc(5);
      const big = k.alloc(3_000_000); // several pages past the first
      assert.equal(big.length, 3_000_000);
      assert.ok(
        big.every((b) => b === 0),
        'fresh memory reads as zeros',
      );
      k.gemm(false, true, 1, 1, 5, x, x, y);
      assert.equal(y[0], 55);
      assert.deepEqual(Array.from(x), [1, 2, 3, 4, 5]);
    });
  }

  it('leaves the rest of the output vector alone', () => {
    const k = simdKernels('float64')!;
    const [M, N, K] = [9, 11, 13];
    const big = k.alloc(M * N + 10).fill(5);
    const C = big.subarray(4, 4 + M * N);
    k.gemm(false, true, M, N, K, view(k, M * K, rng), view(k, N * K, rng), C);
    assert.deepEqual([...big.subarray(0, 4), ...big.subarray(4 + M * N)], Array(10).fill(5));
  });

  it('the embedded module matches scripts/build-wasm.js', function () {
    this.timeout(30000);
    const root = path.resolve(__dirname, '../../../../..');
    const run = spawnSync(process.execPath, ['scripts/build-wasm.js', '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });
});
