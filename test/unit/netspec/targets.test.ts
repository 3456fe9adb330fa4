// targetFaults: which target rows each loss cannot take, with the value at fault and a hint at the likely cause.
import * as assert from 'node:assert/strict';
import { DISTRIBUTION_TOLERANCE, targetFaults } from '../../../src/netspec/targets';

describe('netspec/targets', () => {
  it('mse takes any finite targets', () => {
    assert.deepEqual(targetFaults('mse', [-5, 1e5, 0.5, 7], 2), []);
  });

  it('binary-cross-entropy takes [0, 1], soft targets included, and names the first value outside it', () => {
    assert.deepEqual(targetFaults('binary-cross-entropy', [0, 1, 0.25, 0.75, 1, 0], 2), []);
    const faults = targetFaults('binary-cross-entropy', [0, 1, 0.5, -1, 2, 3, 1.5, 0, 0, -0.001], 2);
    assert.deepEqual(
      faults.map((f) => [f.row, f.col]),
      [
        [1, 1],
        [2, 0],
        [3, 0],
        [4, 1],
      ],
    );
    assert.match(faults[0].message, /^binary-cross-entropy needs targets in \[0, 1\]; found -1 \(labels of ±1\? map/);
    assert.match(faults[1].message, /found 2 \(class numbers\?/);
    assert.match(faults[2].message, /found 1\.5 \(real-valued targets\? use loss "mse"/);
    assert.match(faults[3].message, /found -0\.001/);
  });

  it(`cross-entropy takes rows of entries ≥ 0 summing to 1 within ${DISTRIBUTION_TOLERANCE}`, () => {
    const ok = [1, 0, 0, 0.2, 0.3, 0.5, 0.3333333, 0.3333333, 0.3333334, 0, 0, 1 + 0.9 * DISTRIBUTION_TOLERANCE];
    assert.deepEqual(targetFaults('cross-entropy', ok, 3), []);
    const bad = [1, 1, 0, 0, 2, 0, -0.5, 1.5, 0, 0, 0, 0, 0, 0, 1 + 2 * DISTRIBUTION_TOLERANCE, 0.5, 0.2, 0.2];
    const faults = targetFaults('cross-entropy', bad, 3);
    assert.deepEqual(
      faults.map((f) => [f.row, f.col]),
      [
        [0, undefined],
        [1, undefined],
        [2, 0],
        [3, undefined],
        [4, undefined],
        [5, undefined],
      ],
    );
    const needs = 'cross-entropy needs each target row to be a distribution (entries ≥ 0 summing to 1)';
    assert.equal(
      faults[0].message,
      `${needs}; this row sums to 2 (several classes at once? for multi-label targets use sigmoid outputs and ` +
        `"binary-cross-entropy")`,
    );
    assert.match(faults[1].message, /sums to 2 \(write one-hot rows, class probabilities, or integer "labels"\)/);
    assert.equal(faults[2].message, `${needs}; found -0.5`);
    assert.match(faults[3].message, /sums to 0 \(mark each sample's class with a 1\)/);
    assert.match(faults[4].message, /sums to 1\.000002/);
    assert.match(faults[5].message, /sums to 0\.9/);
  });

  it('reports a NaN target rather than letting it pass every comparison', () => {
    assert.equal(targetFaults('binary-cross-entropy', [NaN], 1).length, 1);
    assert.equal(targetFaults('cross-entropy', [NaN, 1], 2).length, 1);
  });
});
