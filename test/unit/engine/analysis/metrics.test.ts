import * as assert from 'node:assert/strict';
import {
  evaluateObjective,
  evaluateRows,
  metricsOf,
  Network,
  outputsOf,
  taskOf,
  type Metrics,
} from '../../../../src/engine';
import { makeModel, randomData } from '../models';

/** Narrows a Metrics to one task, failing the test otherwise. */
function as<T extends Metrics['task']>(m: Metrics, task: T): Extract<Metrics, { task: T }> {
  assert.equal(m.task, task);
  return m as Extract<Metrics, { task: T }>;
}

describe('engine/analysis/metrics', () => {
  it('maps each loss to its task', () => {
    assert.deepEqual((['cross-entropy', 'binary-cross-entropy', 'mse'] as const).map(taskOf), [
      'multiclass',
      'binary',
      'regression',
    ]);
  });

  it('multiclass: argmax against the target row; confusion[true][predicted]', () => {
    // Rows: true 0 → 0, true 1 → 2, true 2 → 2, true 2 → 0 (a tie 0.4/0.4 goes to the first).
    const outputs = [0.7, 0.2, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.8, 0.4, 0.2, 0.4];
    const targets = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1];
    const m = as(metricsOf('multiclass', outputs, targets, 4, 3), 'multiclass');
    assert.deepEqual(m.confusion, [
      [1, 0, 0],
      [0, 0, 1],
      [1, 0, 1],
    ]);
    assert.equal(m.accuracy, 2 / 4);
  });

  it('binary: each output thresholded at 0.5 (0.5 itself is yes), accuracy over all outputs', () => {
    const outputs = [0.9, 0.5, 0.2, 0.49, 0.6, 0.1];
    const targets = [1, 0, 0, 0, 1, 1];
    const m = as(metricsOf('binary', outputs, targets, 3, 2), 'binary');
    // Output 0: (1→1), (0→0), (1→1); output 1: (0→1), (0→0), (1→0).
    assert.deepEqual(
      m.outputs.map((o) => o.confusion),
      [
        [
          [1, 0],
          [0, 2],
        ],
        [
          [1, 1],
          [1, 0],
        ],
      ],
    );
    assert.deepEqual(
      m.outputs.map((o) => o.accuracy),
      [1, 1 / 3],
    );
    assert.equal(m.accuracy, 4 / 6);
  });

  it('regression: R² = 1 − SS_res/SS_tot per output (their mean overall) and the mean absolute error', () => {
    const targets = [1, 10, 2, 10, 3, 10, 4, 10];
    const outputs = [1.5, 10, 2, 11, 2.5, 9, 4, 10];
    const m = as(metricsOf('regression', outputs, targets, 4, 2), 'regression');
    // Output 0: SS_res = 0.25 + 0 + 0.25 + 0 = 0.5, SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5; MAE = 1/4.
    assert.equal(m.outputs[0].r2, 1 - 0.5 / 5);
    assert.equal(m.outputs[0].mae, 0.25);
    // Output 1: constant targets leave no variance to explain: R² is undefined.
    assert.ok(Number.isNaN(m.outputs[1].r2));
    assert.equal(m.outputs[1].mae, 0.5);
    assert.ok(Number.isNaN(m.r2));
    assert.equal(m.mae, 0.375);
    const perfect = as(metricsOf('regression', [1, 2, 3], [1, 2, 3], 3, 1), 'regression');
    assert.deepEqual([perfect.r2, perfect.mae], [1, 0]);
  });

  it('no rows: accuracy and the regression metrics are NaN, not a division by zero that looks like a score', () => {
    assert.ok(Number.isNaN(as(metricsOf('multiclass', [], [], 0, 3), 'multiclass').accuracy));
    assert.ok(Number.isNaN(as(metricsOf('binary', [], [], 0, 1), 'binary').accuracy));
    assert.ok(Number.isNaN(as(metricsOf('regression', [], [], 0, 1), 'regression').mae));
  });

  it('evaluateRows gives the loss evaluateObjective gives and the outputs predict gives, across chunks', () => {
    const model = makeModel({
      input: 3,
      output: { units: 3, activation: 'softmax' },
      loss: 'cross-entropy',
      l2: 0.01,
    });
    const data = randomData(model, 1300);
    const net = new Network(model, 'float64');
    const rows = Uint32Array.from({ length: 1100 }, (_, i) => (i * 7) % 1300);
    const r = evaluateRows(net, data, rows, 0.01);
    assert.equal(r.loss, evaluateObjective(new Network(model, 'float64'), data, rows, 0.01, false));
    const inputs = new Float64Array(rows.length * 3);
    rows.forEach((row, i) => inputs.set(data.inputs.subarray(row * 3, row * 3 + 3), i * 3));
    assert.deepEqual(r.outputs, outputsOf(new Network(model, 'float64'), inputs, rows.length));
    rows.forEach((row, i) =>
      assert.deepEqual(r.targets.subarray(i * 3, i * 3 + 3), data.targets.subarray(row * 3, row * 3 + 3)),
    );
  });
});
