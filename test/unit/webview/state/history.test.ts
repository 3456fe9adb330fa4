import * as assert from 'node:assert/strict';
import type { HistoryPoint } from '../../../../src/protocol';
import { gradNormColumns, logValue, lossColumns } from '../../../../webview/state/history';

const pt = (step: number, loss = 1 / step): HistoryPoint => ({ step, loss, gradNorms: [step, 0] });

describe('webview/history', () => {
  it('shapes chart columns, with gaps where a log axis cannot go', () => {
    const h = [pt(1), { ...pt(2), validationLoss: 0.3 }];
    assert.deepEqual(lossColumns(h, true), [
      [1, 2],
      [1, 0.5],
      [null, 0.3],
    ]);
    assert.deepEqual(lossColumns(h, false).length, 2);
    assert.deepEqual(gradNormColumns(h, 2), [
      [1, 2],
      [1, 2],
      [null, null],
    ]);
    assert.equal(logValue(NaN), null);
    assert.equal(logValue(Infinity), null);
  });
});
