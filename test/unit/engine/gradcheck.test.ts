import * as assert from 'node:assert/strict';
import { ACTIVATION_TABLE } from '../../../src/engine/activations';
import { directionalCheck, gradientCheck, GradientCheckRun, verdictOf, type ModelConfig } from '../../../src/engine';
import { makeModel, randomData } from './models';

/** Runs fn with tanh's derivative deliberately wrong (a bug the checks must catch). */
function withBrokenTanh<T>(fn: () => T): T {
  const tanh = ACTIVATION_TABLE.tanh;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- table entries use no `this`
  const original = tanh.backward;
  tanh.backward = (k, z, a, da, dz, rows, cols) => {
    original(k, z, a, da, dz, rows, cols);
    for (let i = 0; i < rows * cols; i++) dz[i] *= 1.5;
  };
  try {
    return fn();
  } finally {
    tanh.backward = original;
  }
}

describe('engine/gradcheck', () => {
  const model = makeModel({ hidden: [{ units: 4, activation: 'tanh' }], l2: 0.01 });
  const data = randomData(model, 12);

  it('finds a correct gradient good', () => {
    const r = gradientCheck(model, data);
    assert.equal(r.verdict, 'good');
    assert.equal(r.checked, r.total);
    assert.equal(r.total, 3 * 4 + 4 + 4 + 1);
    assert.equal(r.mismatches, 0);
    assert.ok(r.overallError < 1e-7);
  });

  it('finds a wrong derivative wrong and locates the mismatches in the first layer, worst first', () => {
    const r = withBrokenTanh(() => gradientCheck(model, data));
    assert.equal(r.verdict, 'wrong');
    assert.ok(r.mismatches > 0);
    assert.ok(r.rows[0].mismatch);
    assert.equal(r.rows[0].ref.layer, 0);
    assert.match(r.rows[0].path, /^l1\.(weights\[\d\]\[\d\]|biases\[\d\])$/);
    // Output-layer parameters do not go through tanh' and stay correct.
    assert.ok(r.rows.filter((row) => row.ref.layer === 1).every((row) => !row.mismatch));
    for (let i = 1; i < r.mismatches; i++) assert.ok(r.rows[i - 1].absError >= r.rows[i].absError);
  });

  it('checks a seeded sample of parameters when asked', () => {
    const a = gradientCheck(model, data, undefined, { sample: 5 });
    const b = gradientCheck(model, data, undefined, { sample: 5 });
    assert.equal(a.checked, 5);
    assert.deepEqual(
      a.rows.map((r) => r.index),
      b.rows.map((r) => r.index),
    );
  });

  it('reports relu kinks that a difference straddles', () => {
    const relu: ModelConfig = {
      ...makeModel({
        input: 1,
        hidden: [{ units: 1, activation: 'relu' }],
        output: { units: 1, activation: 'identity' },
        loss: 'mse',
      }),
    };
    relu.layers[0].weights = [[1]];
    relu.layers[0].biases = [0];
    relu.layers[1].weights = [[2]];
    relu.layers[1].biases = [0];
    // Input 0 puts the hidden pre-activation exactly on the kink.
    const d = { rows: 2, inputSize: 1, outputSize: 1, inputs: Float64Array.of(0, 1), targets: Float64Array.of(1, 1) };
    const r = gradientCheck(relu, d);
    const bias = r.rows.find((row) => row.path === 'l1.biases[0]');
    assert.ok(bias?.kink, 'the hidden bias moves z across 0');
    assert.ok(r.kinks >= 1);
  });

  it('the directional check agrees on a correct gradient and catches a wrong one', () => {
    const good = directionalCheck(model, data, undefined, { directions: 4 });
    assert.equal(good.directions.length, 4);
    assert.equal(good.verdict, 'good');
    const bad = withBrokenTanh(() => directionalCheck(model, data));
    assert.notEqual(bad.verdict, 'good');
    assert.ok(bad.overallError > 1e-3);
  });

  it('verdict thresholds follow the spec', () => {
    assert.equal(verdictOf(5e-8), 'good');
    assert.equal(verdictOf(5e-6), 'acceptable');
    assert.equal(verdictOf(5e-4), 'suspicious');
    assert.equal(verdictOf(5e-3), 'wrong');
  });
});

describe('engine/gradcheck at a perfect fit', () => {
  it('calls gradients below finite-difference resolution good, not wrong', () => {
    // An identity network that already maps inputs to targets exactly: every gradient is 0 up to round-off.
    const model = makeModel({
      input: 1,
      hidden: [{ units: 1, activation: 'identity' }],
      output: { units: 1, activation: 'identity' },
      loss: 'mse',
    });
    model.layers[0].weights = [[1]];
    model.layers[0].biases = [0];
    model.layers[1].weights = [[2]];
    model.layers[1].biases = [0];
    const data = {
      rows: 3,
      inputSize: 1,
      outputSize: 1,
      inputs: Float64Array.of(0.1, 0.2, 0.3),
      targets: Float64Array.of(0.2, 0.4, 0.6),
    };
    const r = gradientCheck(model, data);
    assert.equal(r.verdict, 'good');
    assert.equal(r.mismatches, 0);
  });

  it('checks a few parameters at a time to the same report, and reports the part checked when stopped early', () => {
    const model = makeModel({ hidden: [{ units: 5, activation: 'tanh' }] });
    const data = randomData(model, 12);
    const whole = gradientCheck(model, data, undefined, { sample: 17 });
    const run = new GradientCheckRun(model, data, undefined, { sample: 17 });
    assert.deepEqual([run.total, run.planned, run.checked], [26, 17, 0]);
    assert.equal(run.checkNext(5), 5);
    const part = run.report();
    assert.equal(part.checked, 5);
    assert.deepEqual(
      part.rows.map((r) => r.index).sort((a, b) => a - b),
      whole.rows
        .map((r) => r.index)
        .sort((a, b) => a - b)
        .slice(0, 5),
    );
    while (run.checkNext(4) > 0);
    assert.deepEqual(run.report(), whole);
    assert.equal(run.checkNext(3), 0);
  });
});
