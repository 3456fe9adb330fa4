import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { gemmNN, gemmNT, gemmTN, SIMD_MIN_WORK } from '../../../src/engine/kernels';
import * as plain from '../../../src/engine/plainKernels';
import { decodeBase64, loadSimdGemm } from '../../../src/engine/wasm/simdGemm';
import { Rng } from '../../../src/engine';
import type { Floats } from '../../../src/engine';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

/** n values in [−1, 1) (a third of them zero when `zeros`) inside a larger buffer, at a nonzero byteOffset. */
function view(T: Ctor, n: number, rng: Rng, zeros = false): Floats {
  const big = new T(n + 7);
  for (let i = 0; i < big.length; i++) big[i] = zeros && rng.next() < 0.3 ? 0 : rng.uniform(-1, 1);
  return big.subarray(3, 3 + n);
}

/** float64 must agree bit for bit (same summation order); float32 within a few ulps of the sums' magnitude. */
function agree(T: Ctor, got: Floats, want: Floats, K: number): void {
  const tol = T === Float64Array ? 0 : 4e-7 * K;
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= tol, `[${i}] ${got[i]} vs ${want[i]}`);
}

describe('engine/kernels: WebAssembly SIMD against the plain loops', () => {
  const simd = loadSimdGemm();
  const rng = new Rng(7);

  it('loads the SIMD module in Node 20', () => assert.ok(simd));

  for (const T of [Float64Array, Float32Array]) {
    // Odd sizes cross every edge of the register tiles; the large one grows the module's memory.
    for (const [M, N, K] of [
      [1, 1, 1],
      [7, 9, 5],
      [13, 17, 33],
      [6, 8, 64],
      [64, 10, 128],
      [130, 70, 300],
    ]) {
      it(`${T.name} ${M}×${N}×${K}: NT, TN (with and without accumulate) and NN on sub-views`, () => {
        const A = view(T, M * K, rng, true);
        const B = view(T, N * K, rng);
        const got = view(T, M * N, rng);
        const want = new T(M * N);
        simd!.gemm(M, N, K, A, K, 1, B, 1, K, got, false);
        plain.gemmNT(M, N, K, A, B, want);
        agree(T, got, want, K);

        const At = view(T, K * M, rng, true);
        const B2 = view(T, K * N, rng);
        const acc = view(T, M * N, rng);
        const accWant = T.from(acc);
        simd!.gemm(M, N, K, At, 1, M, B2, N, 1, acc, true);
        plain.gemmTN(M, N, K, At, B2, accWant, true);
        agree(T, acc, accWant, K);
        simd!.gemm(M, N, K, At, 1, M, B2, N, 1, acc, false);
        plain.gemmTN(M, N, K, At, B2, accWant, false);
        agree(T, acc, accWant, K);

        simd!.gemm(M, N, K, A, K, 1, B2, N, 1, got, false);
        plain.gemmNN(M, N, K, A, B2, want);
        agree(T, got, want, K);
      });
    }
  }

  it('leaves the rest of the output buffer alone', () => {
    const [M, N, K] = [9, 11, 13];
    const big = new Float64Array(M * N + 10).fill(5);
    const C = big.subarray(4, 4 + M * N);
    simd!.gemm(M, N, K, view(Float64Array, M * K, rng), K, 1, view(Float64Array, N * K, rng), 1, K, C, false);
    assert.deepEqual([...big.subarray(0, 4), ...big.subarray(4 + M * N)], Array(10).fill(5));
  });

  it('dispatches large products to the SIMD path with the plain results', () => {
    const [M, N, K] = [32, 24, 40];
    assert.ok(M * N * K >= SIMD_MIN_WORK);
    const A = view(Float64Array, M * K, rng);
    const B = view(Float64Array, N * K, rng);
    const B2 = view(Float64Array, K * N, rng);
    const At = view(Float64Array, K * M, rng);
    const [got, want] = [new Float64Array(M * N), new Float64Array(M * N)];
    gemmNT(M, N, K, A, B, got);
    plain.gemmNT(M, N, K, A, B, want);
    assert.deepEqual(got, want);
    gemmTN(M, N, K, At, B2, got, false);
    plain.gemmTN(M, N, K, At, B2, want, false);
    assert.deepEqual(got, want);
    gemmNN(M, N, K, A, B2, got);
    plain.gemmNN(M, N, K, A, B2, want);
    assert.deepEqual(got, want);
  });

  it('decodes base64', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 37) & 0xff);
    for (const n of [0, 1, 2, 3, 100, 256]) {
      const b64 = Buffer.from(bytes.subarray(0, n)).toString('base64');
      assert.deepEqual(decodeBase64(b64), bytes.subarray(0, n));
    }
  });

  it('the embedded module matches scripts/build-wasm.js', function () {
    this.timeout(30000);
    const root = path.resolve(__dirname, '../../../..');
    const run = spawnSync(process.execPath, ['scripts/build-wasm.js', '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });
});
