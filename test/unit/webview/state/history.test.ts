import * as assert from 'node:assert/strict';
import type { HistoryPoint } from '../../../../src/protocol';
import { appendCapped, gradNormColumns, logValue, lossColumns } from '../../../../webview/state/history';

const pt = (step: number, loss = 1 / step): HistoryPoint => ({ step, loss, gradNorms: [step, 0] });

describe('webview/history', () => {
  it('keeps everything under the cap', () => {
    const h: HistoryPoint[] = [];
    for (let s = 1; s <= 10; s++) appendCapped(h, pt(s), 10);
    assert.deepEqual(
      h.map((p) => p.step),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
  });

  it('thins the older half past the cap, keeping the first and newest points', () => {
    const h: HistoryPoint[] = [];
    for (let s = 1; s <= 1000; s++) appendCapped(h, pt(s), 100);
    assert.ok(h.length <= 100);
    assert.equal(h[0].step, 1);
    assert.equal(h[h.length - 1].step, 1000);
    assert.deepEqual(
      h.slice(-5).map((p) => p.step),
      [996, 997, 998, 999, 1000],
    );
    for (let i = 1; i < h.length; i++) assert.ok(h[i].step > h[i - 1].step, 'still in step order');
  });

  it('starts over when the steps go back (a reset)', () => {
    const h = [pt(1), pt(2), pt(3)];
    appendCapped(h, pt(1));
    assert.deepEqual(
      h.map((p) => p.step),
      [1],
    );
  });

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
