import * as assert from 'node:assert/strict';
import { exactIntervalMs, Pacer, snapshotIntervalMs } from '../../../../src/worker/training/pacing';

describe('worker/training/pacing', () => {
  it('spaces snapshots so making them takes at most a tenth of the time', () => {
    assert.equal(snapshotIntervalMs(1), 200);
    assert.equal(snapshotIntervalMs(50), 500);
  });

  it("sends a large network's exact vectors within a byte budget", () => {
    assert.equal(exactIntervalMs(13), 200);
    // 784-512-512-10: 16 MB of exact vectors at most every two seconds.
    assert.ok(Math.abs(exactIntervalMs(669_706) - 1916) < 1, String(exactIntervalMs(669_706)));
  });

  it('makes progress due 50 ms after the last one', () => {
    const p = new Pacer(0);
    p.progressSent(1000);
    assert.equal(p.progressDue(1049.9), false);
    assert.equal(p.progressDue(1050), true);
  });

  it('makes the next snapshot wait ten times as long as the last one took, and at least 200 ms', () => {
    const p = new Pacer(0);
    p.snapshotMade(1000, 1010);
    assert.equal(p.snapshotDue(1209), false);
    assert.equal(p.snapshotDue(1210), true);
    p.snapshotMade(2000, 2050);
    assert.equal(p.snapshotDue(2549), false);
    assert.equal(p.snapshotDue(2550), true);
  });

  it("makes exact vectors due by the network's size", () => {
    const p = new Pacer(0);
    p.exactSent(1000);
    assert.equal(p.exactDue(1199, 13), false);
    assert.equal(p.exactDue(1200, 13), true);
    assert.equal(p.exactDue(2900, 669_706), false);
    assert.equal(p.exactDue(2917, 669_706), true);
  });

  it('measures the step rate over windows of at least 250 ms, from where a run started', () => {
    const p = new Pacer(0);
    p.startRate(1000, 40);
    p.measureRate(1249, 90);
    assert.equal(p.stepsPerSecond, 0, 'the window has not passed');
    p.measureRate(1250, 90);
    assert.equal(p.stepsPerSecond, 200);
    p.measureRate(1750, 140);
    assert.equal(p.stepsPerSecond, 100, 'measured from the last window, not the start');
  });
});
