import * as assert from 'node:assert/strict';
import {
  ACTIVATIONS,
  evaluateObjective,
  initialParams,
  Network,
  reductionsOf,
  splitRows,
  Trainer,
  type ActivationName,
  type LossName,
  type OptimizerConfig,
} from '../../../src/engine';
import { makeModel, randomData } from './models';
import { naiveGradient, naiveTrain, unflat } from './naive';

const hiddenActivations = ACTIVATIONS.filter((a) => a !== 'softmax');
const outputFor: Record<LossName, { units: number; activation: ActivationName }[]> = {
  mse: [
    { units: 2, activation: 'identity' },
    { units: 2, activation: 'tanh' },
  ],
  'binary-cross-entropy': [{ units: 2, activation: 'sigmoid' }],
  'cross-entropy': [{ units: 3, activation: 'softmax' }],
};
const optimizers: OptimizerConfig[] = [
  { type: 'sgd', learningRate: 0.3, momentum: 0 },
  { type: 'sgd', learningRate: 0.1, momentum: 0.9 },
  { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  { type: 'rmsprop', learningRate: 0.01, rho: 0.99, epsilon: 1e-8 },
];

function relClose(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1e-8, Math.abs(a), Math.abs(b));
}

describe('engine/network against an independent per-sample implementation', () => {
  for (const loss of Object.keys(outputFor) as LossName[]) {
    for (const output of outputFor[loss]) {
      for (const [activation, lossOutputs] of hiddenActivations.flatMap((a) =>
        reductionsOf(loss).map((o) => [a, o] as const),
      )) {
        it(`${activation} → ${output.activation} with ${loss} (${lossOutputs}): loss and gradients (L2 on)`, () => {
          const model = makeModel({
            input: 3,
            hidden: [
              { units: 5, activation },
              { units: 4, activation },
            ],
            output,
            loss,
            lossOutputs,
            l2: 0.01,
            seed: 11,
          });
          const data = randomData(model, 9);
          const net = new Network(model, 'float64');
          const J = evaluateObjective(net, data, splitRows(data.rows, 0).train, 0.01, true);
          const ref = naiveGradient(model, data, unflat(model, net.params), [...Array(data.rows).keys()]);
          assert.ok(relClose(J, ref.J, 1e-12), `loss ${J} vs ${ref.J}`);
          const g = net.layout.unflatten(net.grads);
          g.forEach((layer, l) => {
            layer.weights
              .flat()
              .forEach((v, i) =>
                assert.ok(relClose(v, ref.dW[l].flat()[i], 1e-9), `dW[${l}] ${v} vs ${ref.dW[l].flat()[i]}`),
              );
            layer.biases.forEach((v, i) => assert.ok(relClose(v, ref.db[l][i], 1e-9), `db[${l}]`));
          });
        });
      }
      for (const optimizer of optimizers) {
        const label = `${optimizer.type}${optimizer.type === 'sgd' && optimizer.momentum ? '+momentum' : ''}`;
        it(`${label} with ${loss} (${output.activation} output): 7 steps in batches of 4 over 10 rows`, () => {
          const model = makeModel({
            input: 2,
            hidden: [{ units: 4, activation: 'tanh' }],
            output,
            loss,
            optimizer,
            batchSize: 4,
            l2: 0.001,
          });
          const data = randomData(model, 10);
          const trainer = new Trainer(model, data);
          assert.equal(trainer.runSteps(7), 7);
          assert.equal(trainer.epoch, 2);
          const expected = naiveTrain(model, data, unflat(model, initialParams(model)), 7);
          const got = unflat(model, trainer.net.params);
          got.W.flat(2).forEach((v, i) =>
            assert.ok(relClose(v, expected.W.flat(2)[i], 1e-11), `W ${v} vs ${expected.W.flat(2)[i]}`),
          );
          got.b.flat().forEach((v, i) => assert.ok(relClose(v, expected.b.flat()[i], 1e-11), 'b'));
        });
      }
    }
  }

  it('evaluates large data sets in chunks with the same result as one pass', () => {
    const model = makeModel({ hidden: [{ units: 6, activation: 'relu' }] });
    const data = randomData(model, 1300);
    const net = new Network(model, 'float64');
    const J = evaluateObjective(net, data, splitRows(data.rows, 0).train, 0, true);
    const ref = naiveGradient(model, data, unflat(model, net.params), [...Array(data.rows).keys()]);
    assert.ok(relClose(J, ref.J, 1e-12));
    assert.ok(relClose(net.grads[0], ref.dW[0][0][0], 1e-10));
  });
});
