import * as assert from 'node:assert/strict';
import type { HistoryPoint } from '../../../src/protocol';
import { appendHistory, MAX_HISTORY } from '../../../src/shared/history';

const pt = (step: number, loss = 1 / step): HistoryPoint => ({ step, loss, gradNorms: [step, 0] });
const steps = (h: HistoryPoint[]): number[] => h.map((p) => p.step);

describe('shared/history', () => {
  it('keeps everything under the cap', () => {
    const h: HistoryPoint[] = [];
    for (let s = 1; s <= 10; s++) assert.equal(appendHistory(h, pt(s), 10), false);
    assert.deepEqual(steps(h), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('past the cap keeps every other point counted back from the newest, evenly spaced', () => {
    const h: HistoryPoint[] = [];
    for (let s = 1; s <= 10; s++) appendHistory(h, pt(s), 10);
    assert.equal(appendHistory(h, pt(11), 10), true);
    assert.deepEqual(steps(h), [1, 3, 5, 7, 9, 11]);
    assert.equal(appendHistory(h, pt(12), 10), false);
    assert.deepEqual(steps(h), [1, 3, 5, 7, 9, 11, 12]);
  });

  it('keeps the newest point whatever the parity, and stays under the cap over a long run', () => {
    const h: HistoryPoint[] = [];
    for (let s = 1; s <= 10; s++) appendHistory(h, pt(s), 9);
    assert.deepEqual(steps(h), [2, 4, 6, 8, 10]);
    const long: HistoryPoint[] = [];
    for (let s = 1; s <= 3 * MAX_HISTORY; s++) appendHistory(long, pt(s));
    assert.ok(long.length <= MAX_HISTORY);
    assert.equal(long.at(-1)!.step, 3 * MAX_HISTORY);
    for (let i = 1; i < long.length; i++) assert.ok(long[i].step > long[i - 1].step, 'in step order');
  });

  it('refines the point of the same step, so a later validation loss joins it', () => {
    const h = [pt(1), pt(2)];
    appendHistory(h, { step: 2, loss: 0.25, validationLoss: 0.3, gradNorms: [] });
    appendHistory(h, { step: 2, loss: 0.2, gradNorms: [1] });
    assert.deepEqual(h[1], { step: 2, loss: 0.2, validationLoss: 0.3, gradNorms: [1] });
    assert.equal(h.length, 2);
  });

  it('starts over from a point of an earlier step (a reset)', () => {
    const h = [pt(1), pt(2), pt(3)];
    appendHistory(h, pt(1, 5));
    assert.deepEqual(h, [pt(1, 5)]);
    const later = [pt(5), pt(10), pt(15)];
    appendHistory(later, pt(8));
    assert.deepEqual(steps(later), [5, 8]);
  });
});
