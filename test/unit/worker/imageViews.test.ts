import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { argmax, Trainer, type Precision } from '../../../src/engine';
import { parseSpec } from '../../../src/netspec';
import { nodeSpecHost } from '../../../src/node/specFiles';
import {
  CELL_EXAMPLES_MAX,
  cellExamples,
  imageBuffers,
  imageSource,
  imageViews,
  SAMPLE_COUNT,
} from '../../../src/worker/imageViews';
import { makeModel, randomData } from '../engine/models';

const digits = path.resolve(__dirname, '../../../../examples/digits.nn.json');

/** The digits example's trainer after `steps` steps. */
function digitsTrainer(steps: number, precision: Precision = 'float64'): Trainer {
  const { spec } = parseSpec(fs.readFileSync(digits, 'utf8'), nodeSpecHost(digits));
  assert.ok(spec?.data, 'the digits example parses with its data');
  assert.deepEqual(spec.inputShape, [8, 8]);
  const t = new Trainer(spec.model, spec.data, precision);
  t.runSteps(steps);
  return t;
}

describe('worker/imageViews', () => {
  const t = digitsTrainer(300);
  const source = imageSource(t);
  const views = imageViews(t, source, t.scores());

  it('shows 32 validation samples spread over the split, as 0–255 pixels of the inputs 0–16/16', () => {
    assert.equal(source.split, 'validation');
    assert.deepEqual([source.min, source.max], [0, 1]);
    const s = views.samples;
    assert.equal(s.rows.length, SAMPLE_COUNT);
    assert.equal(new Set(s.rows).size, SAMPLE_COUNT);
    assert.ok(s.rows.every((r) => Array.from(t.rows.validation).includes(r)));
    assert.equal(s.pixels.length, SAMPLE_COUNT * 64);
    for (const [i, row] of s.rows.entries())
      for (let j = 0; j < 64; j++) assert.equal(s.pixels[i * 64 + j], Math.round(255 * t.data.inputs[row * 64 + j]));
    const outputs = t.net.predict(
      Float64Array.from(s.rows.flatMap((r) => [...t.data.inputs.subarray(r * 64, r * 64 + 64)])),
      32,
    );
    assert.deepEqual(
      s.labels,
      s.rows.map((r) => argmax(t.data.targets, r * 10, 10)),
    );
    assert.deepEqual(
      s.predicted,
      s.rows.map((_, i) => argmax(outputs, i * 10, 10)),
    );
  });

  it("pictures each first-layer unit's weights and gradients scaled to its own largest magnitude", () => {
    const u = views.units;
    assert.deepEqual([u.count, u.total, u.weights.length, u.grads.length], [16, 16, 16 * 64, 16 * 64]);
    const first = t.net.layout.layers[0];
    for (let k = 0; k < 16; k++) {
      const w = Array.from(t.net.params.subarray(first.wOffset + k * 64, first.wOffset + k * 64 + 64));
      const scale = Math.max(...w.map(Math.abs));
      assert.equal(u.weightScales[k], scale);
      assert.deepEqual(
        Array.from(u.weights.subarray(k * 64, k * 64 + 64)),
        w.map((v) => Math.round((127 * v) / scale) || 0),
      );
      assert.equal(Math.max(...Array.from(u.weights.subarray(k * 64, k * 64 + 64), Math.abs)), 127);
    }
    assert.ok(
      u.gradScales.every((g) => g > 0),
      'gradients after a step',
    );
  });

  it('counts the validation split in the confusion matrix, whose diagonal is the validation accuracy', () => {
    const m = views.confusion!;
    assert.equal(m.length, 10);
    assert.equal(
      m.flat().reduce((a, b) => a + b),
      t.rows.validation.length,
    );
    const right = m.reduce((a, row, i) => a + row[i], 0);
    const { validation } = t.scores();
    assert.ok(validation?.metrics.task === 'multiclass');
    assert.equal(right / t.rows.validation.length, validation.metrics.accuracy);
    assert.equal(imageBuffers(views).length, 3);
  });

  it("a cell's examples are exactly its rows: true class and answer as asked, as many as the matrix counts", () => {
    const m = views.confusion!;
    const cells = m.flatMap((row, a) => row.map((count, p) => ({ a, p, count })));
    const wrong = cells.filter((c) => c.a !== c.p && c.count > 0);
    assert.ok(wrong.length > 0, 'after 300 steps some digits are still read wrong');
    for (const { a, p, count } of [...wrong.slice(0, 3), cells.find((c) => c.a === 4 && c.p === 4)!]) {
      const e = cellExamples(t, source, a, p);
      assert.deepEqual([e.actual, e.predicted, e.split, e.step, e.total], [a, p, 'validation', 300, count]);
      assert.equal(e.samples.rows.length, Math.min(count, CELL_EXAMPLES_MAX));
      assert.ok(e.samples.labels!.every((l) => l === a));
      assert.ok(e.samples.predicted!.every((x) => x === p));
      assert.equal(e.samples.pixels.length, e.samples.rows.length * 64);
    }
    assert.equal(cellExamples(t, source, 0, 0).total, m[0][0]);
  });

  it('without held-out rows the views show training rows; a regression has pictures but no classes', () => {
    const model = makeModel({ input: 4, loss: 'mse', output: { units: 2, activation: 'identity' } });
    const r = new Trainer(model, randomData(model, 10));
    const src = imageSource(r);
    const v = imageViews(r, src, r.scores());
    assert.equal(v.split, 'training');
    assert.equal(v.samples.rows.length, 10);
    assert.equal(v.samples.labels, undefined);
    assert.equal(v.confusion, undefined);
    assert.throws(() => cellExamples(r, src, 0, 0), /no confusion matrix/);
  });
});

/**
 * How much a unit's picture looks like strokes rather than speckle: the correlation between each weight and its right
 * and lower neighbours, over all such pairs of the 8 × 8 picture (about 0 for noise). The digits themselves score
 * 0.53, each class's mean image less the mean of all 0.46.
 */
function neighbourCorrelation(w: ArrayLike<number>): number {
  const a: number[] = [];
  const b: number[] = [];
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++) {
      for (const next of [x < 7 ? y * 8 + x + 1 : -1, y < 7 ? (y + 1) * 8 + x : -1]) {
        if (next < 0) continue;
        a.push(w[y * 8 + x]);
        b.push(w[next]);
      }
    }
  const mean = (v: number[]): number => v.reduce((p, q) => p + q) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('worker/imageViews: the digits example after its whole run, in float32', () => {
  const t = digitsTrainer(1800, 'float32');
  const first = t.net.layout.layers[0];

  it('reads at least 95% of the validation digits, with unit pictures as smooth as strokes', () => {
    const scores = t.scores();
    const m = imageViews(t, imageSource(t), scores).confusion!;
    const right = m.reduce((sum, row, i) => sum + row[i], 0);
    assert.ok(right / 359 >= 0.95, `validation accuracy ${right / 359}`);
    const units = Array.from({ length: first.units }, (_, k) =>
      neighbourCorrelation(t.net.params.subarray(first.wOffset + k * 64, first.wOffset + (k + 1) * 64)),
    );
    const mean = units.reduce((p, q) => p + q) / units.length;
    // Seeded, so exact run to run; Adam with xavier's start (the example before) gave 0.33, this one 0.39.
    assert.ok(mean >= 0.36, `mean neighbour correlation ${mean}`);
  });

  it('leaves no subnormal number in the weights, gradients, update or optimizer state', () => {
    // Adam under L2 once pushed the weights of the pixels no digit inks to ~1e-41 (float32 subnormals, slow on many
    // CPUs): 46 of them after 40 epochs.
    const vectors: [string, ArrayLike<number>][] = [
      ['params', t.net.params],
      ['grads', t.net.grads],
      ['lastUpdate', t.lastUpdate],
      ...t.optimizer.vectors.map((v, i): [string, ArrayLike<number>] => [`optimizer state ${i}`, v]),
    ];
    for (const [name, v] of vectors) {
      const tiny = Array.from(v).filter((x) => x !== 0 && Math.abs(x) < 2 ** -126);
      assert.deepEqual(tiny, [], `${name} holds subnormals`);
    }
  });
});
