// Property: float32 and float64 training agree within a stated tolerance on random small specs, over a few steps.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Trainer } from '../../../src/engine';
import { parseValid, SEED, validSpecObject } from './arbitraries';

const RUNS = 500;
const STEPS = 5;
/**
 * The stated tolerance on the full-data loss after STEPS steps: |L32 − L64| ≤ abs + rel·L64. Plain sgd keeps float32's
 * ~7 digits less a few; adam and rmsprop divide by √v, which turns float32 round-off in a near-zero gradient into a
 * full step of a different size, so they get the README's tolerance for float32 training (max(1e-3, 1% of the loss)).
 */
const TOLERANCE = { sgd: { abs: 1e-5, rel: 1e-4 }, adam: { abs: 1e-3, rel: 1e-2 }, rmsprop: { abs: 1e-3, rel: 1e-2 } };

describe('properties: float32 against float64', () => {
  it(`the loss after ${STEPS} steps agrees within 1e-5 + 1e-4·loss with sgd, 1e-3 + 1e-2·loss with adam and rmsprop (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(validSpecObject, (obj) => {
        const spec = parseValid(JSON.stringify(obj));
        const f64 = new Trainer(spec.model, spec.data!, 'float64');
        const f32 = new Trainer(spec.model, spec.data!, 'float32');
        assert.equal(f64.runSteps(STEPS), STEPS);
        assert.equal(f32.runSteps(STEPS), STEPS);
        const [a, b] = [f64.trainingLoss(), f32.trainingLoss()];
        const { abs, rel } = TOLERANCE[spec.model.optimizer.type];
        assert.ok(Math.abs(a - b) <= abs + rel * Math.abs(a), `float64 ${a} vs float32 ${b}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
