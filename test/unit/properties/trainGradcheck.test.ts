// Property: every random valid spec trains a few steps and passes a gradient check, without exceptions.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { gradientCheck, Trainer } from '../../../src/engine';
import { parseValid, SEED, validSpecObject } from './arbitraries';

const RUNS = 1000;
const STEPS = 5;

describe('properties: random valid specs', () => {
  it(`train ${STEPS} steps and gradient-check good or acceptable (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(validSpecObject, (obj) => {
        const spec = parseValid(JSON.stringify(obj));
        const data = spec.data!;
        const trainer = new Trainer(spec.model, data, 'float64');
        assert.equal(trainer.runSteps(STEPS), STEPS, trainer.divergence?.message);
        assert.ok(Number.isFinite(trainer.trainingLoss()));
        const check = gradientCheck(spec.model, data, trainer.net.params);
        const mismatch = check.rows.find((r) => r.mismatch && !r.kink);
        assert.equal(mismatch, undefined, JSON.stringify(mismatch));
        // A difference that straddles a relu kink is not the backprop's fault (SPEC-FORMAT: reported as such). Nor is
        // the ratio's verdict meaningful when every gradient is below finite-difference round-off (a perfect fit).
        const negligible = check.rows.every(
          (r) => r.absError <= 1e-7 * Math.max(1, Math.abs(check.loss)) && Math.abs(r.analytic) <= 1e-7,
        );
        if (check.kinks === 0 && !negligible)
          assert.ok(
            check.verdict === 'good' || check.verdict === 'acceptable',
            `${check.verdict}: ${check.overallError}`,
          );
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
