import * as assert from 'node:assert/strict';
import { Announcer, MIN_GAP_MS, PROGRESS_GAP_MS, SETTLE_MS, type Clock } from '../../../../webview/views/announcer';

/** A clock that only moves when told; due timers run in time order as it passes them. */
class FakeClock implements Clock {
  private t = 0;
  private next = 1;
  private timers = new Map<number, { at: number; run: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(run: () => void, ms: number): number {
    const id = this.next++;
    this.timers.set(id, { at: this.t + ms, run });
    return id;
  }
  clearTimeout(handle: number): void {
    this.timers.delete(handle);
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].run();
    }
    this.t = end;
  }
}

function setup(): { clock: FakeClock; announcer: Announcer; heard: [number, string][] } {
  const clock = new FakeClock();
  const heard: [number, string][] = [];
  const announcer = new Announcer((text) => heard.push([clock.now(), text]), clock);
  clock.advance(100_000);
  return { clock, announcer, heard };
}

describe('webview/announcer', () => {
  it('speaks a status at once, and joins statuses that come within the gap instead of dropping any', () => {
    const { clock, announcer, heard } = setup();
    announcer.status('Training started.');
    clock.advance(20);
    announcer.status('Training done: loss 0.001 at step 3000.');
    announcer.status('Gradient check: good.');
    assert.deepEqual(heard, [[100_000, 'Training started.']]);
    clock.advance(MIN_GAP_MS);
    assert.deepEqual(heard, [
      [100_000, 'Training started.'],
      [100_000 + MIN_GAP_MS, 'Training done: loss 0.001 at step 3000. Gradient check: good.'],
    ]);
  });

  it('speaks training progress at most once per progress gap, and never within it after a status', () => {
    const { clock, announcer, heard } = setup();
    announcer.status('Training started.');
    // Progress streams twenty times a second for a minute.
    for (let t = 0; t < 60_000; t += 50) {
      announcer.progress(`step ${t}`);
      clock.advance(50);
    }
    const times = heard.map(([at]) => at - 100_000);
    assert.equal(heard[0][1], 'Training started.');
    assert.ok(heard.length >= 4 && heard.length <= 5, `${heard.length} announcements in a minute`);
    for (let i = 1; i < times.length; i++)
      assert.ok(times[i] - times[i - 1] >= PROGRESS_GAP_MS, `announcements at ${times.join(', ')} ms`);
    // Each is the newest progress at its time, not a stale queued one.
    for (const [at, text] of heard.slice(1)) assert.equal(text, `step ${at - 100_000}`);
  });

  it('lets a status replace progress that waits, and drops progress while a status waits', () => {
    const { clock, announcer, heard } = setup();
    announcer.progress('step 10');
    clock.advance(PROGRESS_GAP_MS);
    announcer.selection('hidden unit 1');
    clock.advance(SETTLE_MS);
    // Due, but the selection was just spoken: it waits for the gap…
    announcer.progress('step 20');
    clock.advance(10);
    // …and a status takes its place; progress meanwhile is dropped.
    announcer.status('Paused at step 25.');
    announcer.progress('step 26');
    clock.advance(MIN_GAP_MS);
    assert.deepEqual(
      heard.map(([, t]) => t),
      ['step 10', 'hidden unit 1', 'Paused at step 25.'],
    );
    assert.equal(heard[2][0] - heard[1][0], MIN_GAP_MS);
  });

  it('speaks a keyboard selection once the keys rest, only the last one', () => {
    const { clock, announcer, heard } = setup();
    for (let i = 0; i < 8; i++) {
      announcer.selection(`hidden unit ${i}`);
      clock.advance(SETTLE_MS / 2);
    }
    assert.equal(heard.length, 0);
    clock.advance(SETTLE_MS);
    assert.deepEqual(
      heard.map(([, t]) => t),
      ['hidden unit 7'],
    );
  });
});
