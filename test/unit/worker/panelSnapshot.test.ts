import * as assert from 'node:assert/strict';
import { ParamLayout } from '../../../src/shared/paramLayout';
import { NON_FINITE_CELL, PICTURE_EXACT_WEIGHTS, PICTURE_MAX_SIDE } from '../../../src/shared/pictures';
import type { ExactPicture, PooledPicture, Snapshot } from '../../../src/protocol';
import {
  layerPicture,
  panelBuffers,
  panelSnapshot,
  pictureSteps,
  poolMatrix,
  quantize,
} from '../../../src/worker/panelSnapshot';

function snapshotOf(size: number, f: (i: number) => number): Snapshot {
  const v = Float64Array.from({ length: size }, (_, i) => f(i));
  return {
    step: 4,
    epoch: 1,
    loss: 0.3,
    params: v,
    grads: v.map((x) => -2 * x),
    lastUpdate: v.map((x) => x / 10),
    health: [],
  };
}

describe('worker/panelSnapshot', () => {
  it('pools large layers into at most 128 cells a side', () => {
    assert.deepEqual(pictureSteps(128, 784), { rowStep: 1, colStep: 7 });
    assert.deepEqual(pictureSteps(512, 784), { rowStep: 4, colStep: 7 });
    assert.deepEqual(pictureSteps(4097, 1), { rowStep: 33, colStep: 1 });
    for (const [units, fanIn] of [
      [129, 129],
      [512, 512],
      [1000, 17],
      [3, 9000],
      [16385, 1],
      [65, 64],
    ] as const) {
      const { rowStep, colStep } = pictureSteps(units, fanIn);
      assert.ok(
        Math.ceil(units / rowStep) <= PICTURE_MAX_SIDE && Math.ceil(fanIn / colStep) <= PICTURE_MAX_SIDE,
        `${units}×${fanIn}`,
      );
    }
  });

  it('pools each block to its value of largest magnitude, sign kept, like a brute-force scan', () => {
    const units = 11;
    const fanIn = 7;
    const values = Float64Array.from({ length: 5 + units * fanIn }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    for (const [rowStep, colStep] of [
      [1, 1],
      [2, 3],
      [4, 7],
      [11, 1],
      [3, 2],
    ] as const) {
      const out = poolMatrix(values, 5, units, fanIn, rowStep, colStep);
      const rows = Math.ceil(units / rowStep);
      const cols = Math.ceil(fanIn / colStep);
      assert.equal(out.length, rows * cols);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          let best = 0;
          for (let i = r * rowStep; i < Math.min(units, (r + 1) * rowStep); i++) {
            for (let j = c * colStep; j < Math.min(fanIn, (c + 1) * colStep); j++) {
              const v = values[5 + i * fanIn + j];
              if (Math.abs(v) > Math.abs(best)) best = v;
            }
          }
          assert.equal(out[r * cols + c], best, `${rowStep}×${colStep} cell ${r},${c}`);
        }
      }
    }
  });

  it('keeps a non-finite weight visible in its cell', () => {
    const values = Float64Array.of(1, 2, NaN, 4, -Infinity, 0.5, 3, 3);
    assert.deepEqual([...poolMatrix(values, 0, 2, 4, 1, 2)], [2, NaN, -Infinity, 3]);
    assert.deepEqual([...poolMatrix(Float64Array.of(NaN, 5), 0, 1, 2, 1, 2)], [NaN]);
  });

  it('quantizes cells to ±127 of the largest finite magnitude, -128 for non-finite ones', () => {
    const { codes, scale } = quantize(Float64Array.of(0.5, -2, 1, NaN, Infinity, 0, -0.0079));
    assert.equal(scale, 2);
    assert.deepEqual([...codes], [32, -127, 64, NON_FINITE_CELL, NON_FINITE_CELL, 0, -1]);
    assert.deepEqual(quantize(Float64Array.of(0, 0)), { codes: Int8Array.of(0, 0), scale: 0 });
  });

  it('pictures a layer of at most 4,096 weights exactly, a larger one pooled and quantized, biases always exact', () => {
    const shape = [784, 128, 32];
    const slices = ParamLayout.ofShape(shape).layers;
    const size = slices.at(-1)!.bOffset + 32;
    const snap = snapshotOf(size, (i) => (i % 13) - 6);
    const big = layerPicture(snap, slices[0]) as PooledPicture;
    assert.deepEqual([big.kind, big.rows, big.cols, big.rowStep, big.colStep], ['pooled', 128, 112, 1, 7]);
    const pooled = quantize(poolMatrix(snap.params, 0, 128, 784, 1, 7));
    assert.deepEqual([big.weights, big.weightScale], [pooled.codes, pooled.scale]);
    assert.deepEqual([big.weightGrads, big.gradScale], [quantize(poolMatrix(snap.grads, 0, 128, 784, 1, 7)).codes, 12]);
    assert.deepEqual([...big.biases], [...snap.params.subarray(slices[0].bOffset, slices[0].bOffset + 128)]);
    assert.deepEqual([...big.biasGrads], [...snap.grads.subarray(slices[0].bOffset, slices[0].bOffset + 128)]);
    assert.deepEqual([...big.biasUpdates], [...snap.lastUpdate.subarray(slices[0].bOffset, slices[0].bOffset + 128)]);
    assert.equal(slices[1].units * slices[1].fanIn, PICTURE_EXACT_WEIGHTS);
    const small = layerPicture(snap, slices[1]) as ExactPicture;
    assert.deepEqual([small.kind, small.rows, small.cols], ['exact', 32, 128]);
    assert.deepEqual([...small.weights], [...snap.params.subarray(slices[1].wOffset, slices[1].bOffset)]);
    assert.deepEqual([...small.weightGrads], [...snap.grads.subarray(slices[1].wOffset, slices[1].bOffset)]);
    assert.deepEqual([...small.weightUpdates], [...snap.lastUpdate.subarray(slices[1].wOffset, slices[1].bOffset)]);
    // Float32 engine buffers picture the same (the pictures copy whatever the engine holds).
    const f32 = {
      params: Float32Array.from(snap.params),
      grads: Float32Array.from(snap.grads),
      lastUpdate: Float32Array.from(snap.lastUpdate),
    };
    const fromF32 = layerPicture(f32, slices[1]) as ExactPicture;
    assert.deepEqual([fromF32.kind, fromF32.weights, fromF32.weightGrads], ['exact', small.weights, small.weightGrads]);
    assert.deepEqual([...fromF32.weightUpdates], [...small.weightUpdates].map(Math.fround));
    // Copies: transferring them never detaches the host's exact snapshot.
    assert.notEqual(small.weights.buffer, snap.params.buffer);
    // One weight more and the layer is pooled, even with 1 × 1 blocks.
    const wide = layerPicture(
      snapshotOf(65 * 65, (i) => i / 3),
      { units: 65, fanIn: 64, wOffset: 0, bOffset: 65 * 64 },
    );
    assert.deepEqual([wide.kind, wide.rows, wide.cols], ['pooled', 65, 64]);
  });

  it('makes a 784-512-512-10 snapshot over 150 times smaller, every array transferable', () => {
    const slices = ParamLayout.ofShape([784, 512, 512, 10]).layers;
    const size = slices.at(-1)!.bOffset + 10;
    assert.equal(size, 669_706);
    const snap = { ...snapshotOf(size, (i) => i), validationLoss: 0.25 };
    const panel = panelSnapshot(snap, snap, slices);
    assert.deepEqual([panel.step, panel.epoch, panel.loss, panel.validationLoss], [4, 1, 0.3, 0.25]);
    const buffers = panelBuffers(panel);
    const bytes = buffers.reduce((sum, b) => sum + b.byteLength, 0);
    const full = 3 * 8 * size;
    assert.ok(bytes * 150 < full, `${bytes} bytes against ${full}`);
    // Two weight arrays per (pooled) layer and three bias arrays per layer.
    assert.equal(buffers.length, 6 + 9);
    assert.equal(new Set(buffers).size, buffers.length);
    const zero = snapshotOf(size, () => 0);
    assert.ok(!('validationLoss' in panelSnapshot(zero, zero, slices)));
  });
});
