import * as assert from 'node:assert/strict';
import {
  argmax,
  lossRiseWarning,
  nextSliceSteps,
  Trainer,
  type OptimizerConfig,
  type TrainerState,
} from '../../../src/engine';
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

describe('engine/trainer state (checkpoints)', () => {
  const optimizers: OptimizerConfig[] = [
    { type: 'sgd', learningRate: 0.1, momentum: 0 },
    { type: 'sgd', learningRate: 0.05, momentum: 0.9 },
    { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    { type: 'rmsprop', learningRate: 0.01, rho: 0.9, epsilon: 1e-8 },
  ];
  // 23 rows in batches of 5: 5 steps an epoch, the last one short; 100 steps end mid-epoch, 35 at an epoch's end.
  for (const optimizer of optimizers)
    for (const shuffle of [false, true])
      for (const precision of ['float64', 'float32'] as const)
        for (const first of [100, 35]) {
          const name =
            `${optimizer.type}${optimizer.type === 'sgd' && optimizer.momentum ? ' with momentum' : ''}, ` +
            `${shuffle ? 'shuffled' : 'in order'}, ${precision}: ${first} steps, saved, restored, ` +
            `${200 - first} more = 200 in one run, bit for bit`;
          it(name, () => {
            const model = makeModel({ optimizer, shuffle, batchSize: 5, seed: 4 });
            model.training.precision = precision;
            const data = randomData(model, 23);
            const whole = new Trainer(model, data);
            whole.runSteps(200);
            const part = new Trainer(model, data);
            part.runSteps(first);
            const saved = part.saveState();
            part.runSteps(7); // the saved state is a copy: later steps do not change it
            const resumed = new Trainer(model, data);
            resumed.restoreState(saved);
            assert.equal(resumed.step, first);
            resumed.runSteps(200 - first);
            assert.deepEqual(Array.from(resumed.net.params), Array.from(whole.net.params));
            assert.deepEqual([resumed.step, resumed.epoch], [whole.step, whole.epoch]);
            whole.optimizer.vectors.forEach((v, i) => assert.deepEqual(resumed.optimizer.vectors[i], v));
          });
        }

  it('names what does not fit: another network, other rows, a damaged order or RNG state', () => {
    const model = makeModel({ shuffle: true, batchSize: 5 });
    const data = randomData(model, 23);
    const t = new Trainer(model, data);
    t.runSteps(3);
    const ok = t.saveState();
    assert.equal(t.stateProblem(ok), undefined);
    const other = new Trainer(makeModel({ shuffle: true, hidden: [{ units: 5, activation: 'tanh' }] }), data);
    assert.match(other.stateProblem(ok) ?? '', /holds 21 parameters, the network has 26/);
    const fewer = new Trainer(model, randomData(model, 20));
    assert.match(fewer.stateProblem(ok) ?? '', /made over 23 training rows, the data has 20/);
    const adam = makeModel({ optimizer: { type: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.99, epsilon: 1e-8 } });
    assert.match(new Trainer(adam, data).stateProblem(ok) ?? '', /optimizer state does not fit/);
    const cases: [Partial<TrainerState>, RegExp][] = [
      [{ order: ok.order.map(() => 0) }, /not an order of the 23 training rows/],
      [{ cursor: 23 }, /batch position 23 is outside/],
      [{ step: -1 }, /whole numbers/],
      [{ params: ok.params.map((v, i) => (i === 0 ? NaN : v)) }, /not all finite/],
      [{ shuffleRng: [0, 0, 0, 0] }, /shuffle state is damaged/],
    ];
    for (const [change, message] of cases) {
      const bad = { ...ok, ...change };
      assert.match(t.stateProblem(bad) ?? '', message);
      assert.throws(() => t.restoreState(bad), message);
    }
  });
});

describe('engine/lossRiseWarning', () => {
  it('warns past 100× the starting loss, in three significant digits, and not below it', () => {
    assert.equal(
      lossRiseWarning(1260, 1.4e28),
      'the loss rose from 1.26e3 to 1.40e28: the learning rate is probably too high',
    );
    assert.equal(
      lossRiseWarning(0.6931, 69.32),
      'the loss rose from 0.693 to 69.3: the learning rate is probably too high',
    );
    assert.equal(lossRiseWarning(0.5, 50), undefined, 'exactly 100× is not more than 100×');
    assert.equal(lossRiseWarning(0.5, 0.1), undefined);
    assert.match(lossRiseWarning(0.5, Infinity) ?? '', /to a non-finite value/);
    assert.equal(lossRiseWarning(0, 1), undefined, 'no factor of nothing');
    assert.equal(lossRiseWarning(NaN, 1), undefined);
  });
  it('scores each split: the losses trainingLoss and validationLoss give, accuracy counted from predict', () => {
    const model = makeModel({
      output: { units: 3, activation: 'softmax' },
      loss: 'cross-entropy',
      validationSplit: 0.3,
    });
    const data = randomData(model, 40);
    const t = new Trainer(model, data);
    t.runSteps(30);
    const { training, validation } = t.scores();
    assert.equal(training.loss, t.trainingLoss());
    assert.equal(validation?.loss, t.validationLoss());
    for (const [rows, score] of [
      [t.rows.train, training],
      [t.rows.validation, validation!],
    ] as const) {
      const outputs = t.net.predict(
        Float64Array.from(Array.from(rows).flatMap((r) => [...data.inputs.subarray(r * 3, r * 3 + 3)])),
        rows.length,
      );
      const right = Array.from(rows).filter(
        (r, i) => argmax(outputs, i * 3, 3) === argmax(data.targets, r * 3, 3),
      ).length;
      assert.equal(score.metrics.task, 'multiclass');
      assert.equal(score.rows, rows.length);
      assert.ok(score.metrics.task === 'multiclass' && score.metrics.accuracy === right / rows.length);
    }
    const plain = new Trainer(makeModel({ loss: 'mse', output: { units: 1, activation: 'identity' } }), data);
    assert.deepEqual(Object.keys(plain.scores()), ['training'], 'no validation split, no validation score');
    assert.equal(plain.scores().training.metrics.task, 'regression');
  });
});

describe('engine/trainer: phases', () => {
  it('names a step’s phases: forward per layer, the loss, backward output first, the update', () => {
    const t = new Trainer(makeModel({ hidden: [{ units: 3, activation: 'relu' }] }), randomData(makeModel(), 4));
    const phases = Array.from({ length: t.phaseCount }, (_, i) => t.phaseAt(i));
    assert.deepEqual(phases, [
      { kind: 'forward', layer: 0 },
      { kind: 'forward', layer: 1 },
      { kind: 'loss' },
      { kind: 'backward', layer: 1 },
      { kind: 'backward', layer: 0 },
      { kind: 'update' },
    ]);
  });

  for (const optimizer of [
    { type: 'sgd', learningRate: 0.1, momentum: 0.9 },
    { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  ] as OptimizerConfig[])
    it(`${optimizer.type}: stepping phase by phase trains bit for bit as whole steps do`, () => {
      const model = makeModel({ optimizer, shuffle: true, batchSize: 5, l2: 1e-3, seed: 3 });
      const data = randomData(model, 23);
      const whole = new Trainer(model, data);
      const phased = new Trainer(model, data);
      for (let step = 0; step < 12; step++) {
        whole.trainStep();
        for (let i = 0; i < phased.phaseCount; i++) {
          assert.equal(phased.phasesDone, i);
          assert.ok(phased.advancePhase());
        }
        assert.equal(phased.phasesDone, 0);
        assert.equal(phased.step, whole.step);
        assert.deepEqual(phased.net.params, whole.net.params);
        assert.deepEqual(phased.layerGradNorms, whole.layerGradNorms);
      }
    });

  it('a forward phase writes only its own layer; a state cannot be saved between phases', () => {
    const model = makeModel({ hidden: [{ units: 4, activation: 'tanh' }] });
    const t = new Trainer(model, randomData(model, 8));
    t.advancePhase();
    assert.ok(
      t.net
        .batchView(0)
        .A.subarray(0, 8 * 4)
        .some((v) => v !== 0),
    );
    assert.ok(
      t.net
        .batchView(1)
        .A.subarray(0, 8)
        .every((v) => v === 0),
    );
    assert.throws(() => t.saveState(), /between the phases/);
  });

  it('a loss that overflows ends the step at the loss phase, naming the first non-finite layer', () => {
    const model = makeModel({
      hidden: [{ units: 4, activation: 'relu' }],
      output: { units: 1, activation: 'identity' },
    });
    model.loss = 'mse';
    const t = new Trainer(model, randomData(model, 8), 'float64', new Float64Array(21).fill(1e200));
    assert.ok(t.advancePhase());
    assert.ok(t.advancePhase());
    assert.equal(t.advancePhase(), false);
    assert.equal(t.phasesDone, 0);
    assert.equal(t.divergence?.where, 'activation');
    assert.equal(t.divergence?.layer, 1);
  });
});
