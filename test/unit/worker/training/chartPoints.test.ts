import * as assert from 'node:assert/strict';
import { ChartPoints } from '../../../../src/worker/training/chartPoints';

const at = (step: number) => ({ step, lastBatchLoss: 1 / step, layerGradNorms: Float64Array.of(step, 2 * step) });

describe('worker/training/chartPoints', () => {
  it('reads a point from the trainer, with the validation loss when given', () => {
    const chart = new ChartPoints();
    chart.record(at(4));
    chart.record(at(5), 0.5);
    assert.deepEqual(chart.take(), [
      { step: 4, loss: 0.25, gradNorms: [4, 8] },
      { step: 5, loss: 0.2, gradNorms: [5, 10], validationLoss: 0.5 },
    ]);
    assert.deepEqual(chart.take(), [], 'taken points are gone');
  });

  it('keeps at most 256 points per message, recording half as often each time it thins', () => {
    const chart = new ChartPoints();
    let step = 0;
    for (; step < 256; step++) if (chart.due(step + 1)) chart.record(at(step + 1));
    assert.equal(chart.due(257), true);
    chart.record(at(257));
    assert.equal(chart.due(257), false, 'thinned: every second step from now on');
    assert.equal(chart.due(258), true);
    const points = chart.take();
    assert.equal(points.length, 129);
    assert.equal(points.at(-1)?.step, 257, 'the curve ends where training is');
  });

  it('starts over at one point per step after a reset', () => {
    const chart = new ChartPoints();
    for (let step = 1; step <= 257; step++) chart.record(at(step));
    assert.equal(chart.due(3), false);
    chart.reset();
    assert.equal(chart.due(3), true);
    assert.deepEqual(chart.take(), []);
  });
});
