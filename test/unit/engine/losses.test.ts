import * as assert from 'node:assert/strict';
import { ACTIVATION_TABLE } from '../../../src/engine/activations';
import { PlainKernels } from '../../../src/engine/kernels/plain';
import { lossOf } from '../../../src/engine/losses';
import { evaluateObjective, initialParams, LOSSES, reductionsOf, splitRows, Trainer } from '../../../src/engine';
import type { ActivationName } from '../../../src/engine';
import { classicCost, classicGradients, classicStep, type ClassicActivation, type ClassicNetwork } from './classic';
import { makeModel, randomData } from './models';
import { unflat } from './naive';

describe('engine/losses', () => {
  const k = new PlainKernels('float64');
  const rows = 2;
  const cols = 3;
  const z = Float64Array.from([0.2, -1.1, 0.7, 1.5, 0.1, -0.4]);
  const targets = {
    mse: Float64Array.from([0.5, -0.3, 1.2, 0, 0.9, -1]),
    'binary-cross-entropy': Float64Array.from([1, 0, 1, 0, 0, 1]),
    'cross-entropy': Float64Array.from([0, 1, 0, 1, 0, 0]),
  } as const;
  const outputOf = { mse: 'tanh', 'binary-cross-entropy': 'sigmoid', 'cross-entropy': 'softmax' } as const;

  for (const name of LOSSES) {
    for (const outputs of reductionsOf(name)) {
      it(`${name} ("outputs": "${outputs}"): dJ/dz matches the central difference of J(z)`, () => {
        const loss = lossOf({ loss: name, lossOutputs: outputs });
        const act = ACTIVATION_TABLE[outputOf[name]];
        const y = targets[name];
        const J = (zz: Float64Array): number => {
          const a = new Float64Array(zz.length);
          act.forward(k, zz, a, rows, cols);
          return loss.value(zz, a, y, rows, cols, rows);
        };
        const a = new Float64Array(z.length);
        act.forward(k, z, a, rows, cols);
        const out = new Float64Array(z.length);
        loss.gradient(a, y, out, rows, cols, rows);
        const dz = new Float64Array(z.length);
        if (loss.fusedWith) dz.set(out);
        else act.backward(k, z, a, out, dz, rows, cols);
        const h = 1e-6;
        for (let i = 0; i < z.length; i++) {
          const p = Float64Array.from(z);
          const m = Float64Array.from(z);
          p[i] += h;
          m[i] -= h;
          const numeric = (J(p) - J(m)) / (2 * h);
          assert.ok(Math.abs(numeric - dz[i]) < 1e-8, `${name}[${i}]: ${dz[i]} vs ${numeric}`);
        }
      });
    }
  }

  it('mse and binary-cross-entropy define both reductions, "mean" first; cross-entropy only "sum"', () => {
    assert.deepEqual(reductionsOf('mse'), ['mean', 'sum']);
    assert.deepEqual(reductionsOf('binary-cross-entropy'), ['mean', 'sum']);
    assert.deepEqual(reductionsOf('cross-entropy'), ['sum']);
    assert.throws(() => lossOf({ loss: 'cross-entropy', lossOutputs: 'mean' }), /no "outputs": "mean"/);
  });

  for (const name of ['mse', 'binary-cross-entropy'] as const) {
    it(`${name}: "sum" is exactly k times "mean", in J and in dJ/dz`, () => {
      const a = new Float64Array(z.length);
      ACTIVATION_TABLE[outputOf[name]].forward(k, z, a, rows, cols);
      const [mean, sum] = (['mean', 'sum'] as const).map((o) => lossOf({ loss: name, lossOutputs: o }));
      const y = targets[name];
      assert.ok(Math.abs(sum.value(z, a, y, rows, cols, rows) - cols * mean.value(z, a, y, rows, cols, rows)) < 1e-15);
      const [gMean, gSum] = [new Float64Array(z.length), new Float64Array(z.length)];
      mean.gradient(a, y, gMean, rows, cols, rows);
      sum.gradient(a, y, gSum, rows, cols, rows);
      gSum.forEach((g, i) => assert.ok(Math.abs(g - cols * gMean[i]) < 1e-15, `${i}: ${g} vs ${cols} × ${gMean[i]}`));
    });
  }

  it('mse is the mean over samples and outputs, or with "sum" the mean over samples of the sum over outputs', () => {
    const a = Float64Array.from([1, 2, 3, 4]);
    const y = new Float64Array(4);
    assert.equal(lossOf({ loss: 'mse', lossOutputs: 'mean' }).value(a, a, y, 2, 2, 2), 7.5);
    assert.equal(lossOf({ loss: 'mse', lossOutputs: 'sum' }).value(a, a, y, 2, 2, 2), 15);
  });

  it('binary cross-entropy stays finite when the sigmoid saturates', () => {
    const z = Float64Array.from([800, -800]);
    const a = Float64Array.from([1, 0]);
    const J = lossOf({ loss: 'binary-cross-entropy', lossOutputs: 'mean' }).value(
      z,
      a,
      Float64Array.from([0, 1]),
      1,
      2,
      1,
    );
    assert.equal(J, 800);
  });

  it('cross-entropy is log-sum-exp stable', () => {
    const z = Float64Array.from([1000, 0]);
    const J = lossOf({ loss: 'cross-entropy', lossOutputs: 'sum' }).value(
      z,
      new Float64Array(2),
      Float64Array.from([0, 1]),
      1,
      2,
      1,
    );
    assert.equal(J, 1000);
  });

  describe('"outputs": "sum" against the classic NumPy network (plain loops, float64)', () => {
    const relClose = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
    const cases: { cost: ClassicNetwork['cost']; output: ClassicActivation; units: number }[] = [
      { cost: 'cross-entropy', output: 'sigmoid', units: 2 },
      { cost: 'cross-entropy', output: 'sigmoid', units: 3 },
      { cost: 'squared', output: 'identity', units: 2 },
      { cost: 'squared', output: 'tanh', units: 3 },
      { cost: 'squared', output: 'sigmoid', units: 2 },
    ];
    const hidden: ClassicActivation[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu'];
    const rowsOf = (v: Float64Array | Float32Array, width: number): number[][] =>
      Array.from({ length: v.length / width }, (_, r) => Array.from(v.subarray(r * width, (r + 1) * width)));

    for (const c of cases) {
      for (const g of hidden) {
        const loss = c.cost === 'cross-entropy' ? 'binary-cross-entropy' : 'mse';
        it(`${g} → ${c.units} × ${c.output}, ${loss}: J, gradients and 12 gradient-descent steps to 1e-12`, () => {
          const model = makeModel({
            input: 3,
            hidden: [
              { units: 4, activation: g },
              { units: 3, activation: g },
            ],
            output: { units: c.units, activation: c.output as ActivationName },
            loss,
            lossOutputs: 'sum',
            optimizer: { type: 'sgd', learningRate: 0.5, momentum: 0 },
            batchSize: 64,
            seed: 17,
          });
          const data = randomData(model, 11);
          const X = rowsOf(data.inputs, model.input);
          const Y = rowsOf(data.targets, c.units);
          const start = unflat(model, initialParams(model));
          let classic: ClassicNetwork = { ...start, g: [g, g, c.output], cost: c.cost };
          const trainer = new Trainer(model, data);
          const all = splitRows(data.rows, 0).train;

          const J = evaluateObjective(trainer.net, data, all, 0, true);
          assert.ok(relClose(J, classicCost(classic, X, Y)), `J ${J} vs classic ${classicCost(classic, X, Y)}`);
          const engine = unflat(model, trainer.net.grads);
          const ref = classicGradients(classic, X, Y);
          engine.W.flat(2).forEach((v, i) =>
            assert.ok(relClose(v, ref.dW.flat(2)[i]), `dW ${v} vs ${ref.dW.flat(2)[i]}`),
          );
          engine.b.flat().forEach((v, i) => assert.ok(relClose(v, ref.db.flat()[i]), `db ${v} vs ${ref.db.flat()[i]}`));

          trainer.reset();
          assert.equal(trainer.runSteps(12), 12);
          for (let t = 0; t < 12; t++) classic = classicStep(classic, X, Y, 0.5);
          const trained = unflat(model, trainer.net.params);
          trained.W.flat(2).forEach((v, i) =>
            assert.ok(relClose(v, classic.W.flat(2)[i]), `W ${v} vs ${classic.W.flat(2)[i]}`),
          );
          trained.b
            .flat()
            .forEach((v, i) => assert.ok(relClose(v, classic.b.flat()[i]), `b ${v} vs ${classic.b.flat()[i]}`));
          assert.ok(relClose(trainer.trainingLoss(), classicCost(classic, X, Y)));
        });
      }
    }

    it('"mean" reports the classic loss and gradients divided by the output units', () => {
      const model = makeModel({ input: 2, output: { units: 2, activation: 'sigmoid' }, lossOutputs: 'mean' });
      const data = randomData(model, 6);
      const classic: ClassicNetwork = {
        ...unflat(model, initialParams(model)),
        g: ['tanh', 'sigmoid'],
        cost: 'cross-entropy',
      };
      const trainer = new Trainer(model, data);
      const J = evaluateObjective(trainer.net, data, splitRows(data.rows, 0).train, 0, true);
      const X = rowsOf(data.inputs, 2);
      const Y = rowsOf(data.targets, 2);
      assert.ok(relClose(2 * J, classicCost(classic, X, Y)));
      assert.ok(relClose(2 * trainer.net.grads[0], classicGradients(classic, X, Y).dW[0][0][0]));
    });
  });
});
