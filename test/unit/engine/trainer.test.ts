import * as assert from 'node:assert/strict';
import { nextSliceSteps, Trainer } from '../../../src/engine';
import { makeModel, randomData } from './models';

describe('engine/trainer', () => {
  it('is deterministic: the same spec and seed give bit-identical weights', () => {
    const model = makeModel({ shuffle: true, batchSize: 3 });
    const data = randomData(model, 20);
    const a = new Trainer(model, data);
    const b = new Trainer(model, data);
    a.runSteps(25);
    b.runSteps(25);
    assert.deepEqual(Array.from(a.net.params), Array.from(b.net.params));
  });

  it('shuffles from the seed: different seeds or shuffle off give different paths', () => {
    const data = randomData(makeModel(), 20);
    const run = (seed: number, shuffle: boolean): number[] => {
      const t = new Trainer(makeModel({ seed, shuffle, batchSize: 3 }), data);
      // Same initial weights for every run, so only the batch order differs.
      t.reset(new Trainer(makeModel({ seed: 1 }), data).net.params);
      t.runSteps(14);
      return Array.from(t.net.params);
    };
    assert.notDeepEqual(run(1, true), run(1, false));
    assert.notDeepEqual(run(1, true), run(2, true));
    assert.deepEqual(run(3, false), run(4, false));
  });

  it('counts epochs with a smaller last batch, and a batch larger than the data is the full batch', () => {
    const model = makeModel({ batchSize: 4 });
    const t = new Trainer(model, randomData(model, 10));
    assert.equal(t.stepsPerEpoch, 3);
    t.runSteps(3);
    assert.equal(t.epoch, 1);
    const big = makeModel({ batchSize: 1000 });
    const tb = new Trainer(big, randomData(big, 10));
    tb.runSteps(2);
    assert.equal(tb.epoch, 2);
  });

  it('holds out the last floor(s·rows) rows for validation', () => {
    const model = makeModel({ validationSplit: 0.25 });
    const t = new Trainer(model, randomData(model, 10));
    assert.deepEqual(Array.from(t.rows.validation), [8, 9]);
    assert.equal(t.rows.train.length, 8);
    assert.ok(Number.isFinite(t.validationLoss()));
    assert.equal(new Trainer(makeModel(), randomData(makeModel(), 10)).validationLoss(), undefined);
  });

  it('training lowers the loss', () => {
    const model = makeModel({
      hidden: [{ units: 8, activation: 'tanh' }],
      optimizer: { type: 'adam', learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    });
    const data = randomData(model, 32);
    // A learnable rule: the label is the sign of the first input.
    for (let r = 0; r < data.rows; r++) data.targets[r] = data.inputs[r * data.inputSize] > 0 ? 1 : 0;
    const t = new Trainer(model, data);
    const before = t.trainingLoss();
    t.runSteps(200);
    assert.ok(t.trainingLoss() < 0.3 * before, `${t.trainingLoss()} vs ${before}`);
  });

  it('stops on divergence with the step and layer, keeping the last finite weights', () => {
    const model = makeModel({
      hidden: [{ units: 3, activation: 'identity' }],
      output: { units: 1, activation: 'identity' },
      loss: 'mse',
      optimizer: { type: 'sgd', learningRate: 1e3, momentum: 0 },
      batchSize: 4,
    });
    const t = new Trainer(model, randomData(model, 8));
    const done = t.runSteps(10_000);
    assert.ok(done < 10_000);
    const d = t.divergence;
    assert.ok(d, 'divergence is reported');
    assert.equal(d.step, done + 1);
    assert.match(d.message, new RegExp(`step ${done + 1}\\b`));
    assert.ok(d.layer >= 0 && d.layer < 2);
    assert.ok(t.net.params.every(Number.isFinite), 'weights stay finite');
    assert.equal(t.trainStep(), false, 'a diverged trainer does not step again');
    t.reset();
    assert.equal(t.divergence, undefined);
    assert.equal(t.trainStep(), true);
  });

  it('float32 reaches the float64 loss within 1e-4 relative on a small problem', () => {
    const model = makeModel({ hidden: [{ units: 8, activation: 'tanh' }], batchSize: 8 });
    const data = randomData(model, 64);
    const f64 = new Trainer(model, data, 'float64');
    const f32 = new Trainer(model, data, 'float32');
    f64.runSteps(400);
    f32.runSteps(400);
    assert.ok(f32.net.params instanceof Float32Array);
    const a = f64.trainingLoss();
    const b = f32.trainingLoss();
    assert.ok(Math.abs(a - b) / a < 1e-4, `${a} vs ${b}`);
  });

  it('records a gradient norm per layer', () => {
    const model = makeModel();
    const t = new Trainer(model, randomData(model, 8));
    t.trainStep();
    assert.equal(t.layerGradNorms.length, 2);
    assert.ok(t.layerGradNorms.every((n) => n > 0 && Number.isFinite(n)));
  });
});

describe('engine/nextSliceSteps', () => {
  it('rescales a slice toward the target time, at most doubling and never below one step', () => {
    assert.equal(nextSliceSteps(100, 20, 10), 50);
    assert.equal(nextSliceSteps(100, 1, 10), 200);
    assert.equal(nextSliceSteps(100, 0, 10), 200);
    assert.equal(nextSliceSteps(1, 1000, 10), 1);
  });
});
