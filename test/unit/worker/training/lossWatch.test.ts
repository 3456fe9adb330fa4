import * as assert from 'node:assert/strict';
import type { LossRiseInfo } from '../../../../src/protocol';
import { LossWatch } from '../../../../src/worker/training/lossWatch';

/** Read through a call, so an earlier assertion does not narrow what the next check may return. */
const riseOf = (w: LossWatch): LossRiseInfo | undefined => w.rise;

describe('worker/training/lossWatch', () => {
  it('warns while the loss is more than 100× its start, and stops warning when it falls back', () => {
    const w = new LossWatch();
    w.noteStart(0, () => 0.5);
    w.check(10, 50);
    assert.equal(riseOf(w), undefined, '100× is not yet a rise');
    w.check(20, 51);
    assert.equal(riseOf(w)?.from, 0.5);
    assert.equal(riseOf(w)?.to, 51);
    assert.match(riseOf(w)?.message ?? '', /rose from 0\.5 to 51/);
    w.check(30, 1);
    assert.equal(riseOf(w), undefined);
  });

  it('measures the start only at step 0 and only once; a snapshot at step 0 sets it', () => {
    const w = new LossWatch();
    let measured = 0;
    w.noteStart(3, () => ++measured);
    assert.equal(measured, 0, 'not from the spec weights');
    w.check(0, 2);
    w.noteStart(0, () => ++measured);
    assert.equal(measured, 0, 'the snapshot at step 0 measured it');
    w.check(5, 201);
    assert.equal(riseOf(w)?.from, 2);
  });

  it('forgets the start on reset', () => {
    const w = new LossWatch();
    w.noteStart(0, () => 1);
    w.check(5, 500);
    assert.ok(riseOf(w));
    w.reset();
    assert.equal(riseOf(w), undefined);
    w.check(5, 500);
    assert.equal(riseOf(w), undefined, 'no start, no comparison');
  });
});
