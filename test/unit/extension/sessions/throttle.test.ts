import * as assert from 'node:assert/strict';
import { Throttle, type Clock } from '../../../../src/extension/sessions/throttle';

/** A clock the test moves by hand: timers run when `advance` passes their time, in time order. */
class FakeClock implements Clock {
  private time = 1000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = until;
  }

  get waiting(): number {
    return this.timers.length;
  }
}

describe('extension/throttle', () => {
  it('sends the first value at once, then at most one per interval per key, ending with the newest', () => {
    const clock = new FakeClock();
    const sent: [string, number][] = [];
    const t = new Throttle<string>(
      (v) => sent.push([v, clock.now()]),
      () => 40,
      clock,
    );
    t.offer('progress', 'a');
    t.offer('progress', 'b');
    t.offer('progress', 'c');
    t.offer('snapshot', 's');
    assert.deepEqual(sent, [
      ['a', 1000],
      ['s', 1000],
    ]);
    clock.advance(39);
    assert.equal(sent.length, 2, 'nothing before the interval is over');
    clock.advance(1);
    assert.deepEqual(sent.at(-1), ['c', 1040], 'the newest waiting value, exactly one interval later');
    clock.advance(100);
    assert.equal(sent.length, 3, 'b was replaced, not sent');
    t.offer('progress', 'd');
    assert.deepEqual(sent.at(-1), ['d', 1140], 'after a quiet interval a value goes at once');
  });

  it('reads the interval at each offer, so a changed update rate applies at once', () => {
    const clock = new FakeClock();
    const sent: number[] = [];
    let interval = 500;
    const t = new Throttle<number>(
      (v) => sent.push(v),
      () => interval,
      clock,
    );
    for (let ms = 0; ms < 2000; ms += 10) {
      t.offer('progress', ms);
      clock.advance(10);
    }
    assert.equal(sent.length, 5, 'at 0, 500, 1000, 1500 and 2000 ms');
    interval = 100;
    sent.length = 0;
    for (let ms = 0; ms < 2000; ms += 10) {
      t.offer('progress', ms);
      clock.advance(10);
    }
    assert.equal(sent.length, 20, 'every 100 ms from the last send at 2000 ms');
  });

  it('drops waiting values on clear', () => {
    const clock = new FakeClock();
    const sent: string[] = [];
    const t = new Throttle<string>(
      (v) => sent.push(v),
      () => 20,
      clock,
    );
    t.offer('k', 'a');
    t.offer('k', 'b');
    t.clear();
    assert.equal(clock.waiting, 0, 'its timer is cancelled');
    clock.advance(50);
    assert.deepEqual(sent, ['a']);
  });

  it('combines waiting values with merge instead of dropping them', () => {
    const clock = new FakeClock();
    const sent: string[] = [];
    const t = new Throttle<string>(
      (v) => sent.push(v),
      () => 30,
      clock,
      (older, newer) => older + newer,
    );
    t.offer('progress', 'a');
    t.offer('progress', 'b');
    t.offer('progress', 'c');
    clock.advance(30);
    assert.deepEqual(sent, ['a', 'bc']);
  });

  it('sends at once with now, dropping what waited under that key only, and restarts the interval', () => {
    const clock = new FakeClock();
    const sent: string[] = [];
    const t = new Throttle<string>(
      (v) => sent.push(v),
      () => 100,
      clock,
    );
    t.offer('status', 'a');
    t.offer('status', 'b');
    t.offer('other', 'x');
    t.offer('other', 'y');
    clock.advance(10);
    t.now('status', 'paused');
    assert.deepEqual(sent, ['a', 'x', 'paused'], 'b never goes out: paused replaced it');
    t.offer('status', 'c');
    clock.advance(99);
    assert.deepEqual(sent, ['a', 'x', 'paused', 'y'], 'the other key keeps its own schedule');
    clock.advance(1);
    assert.deepEqual(sent, ['a', 'x', 'paused', 'y', 'c'], 'the interval counts from the immediate send');
  });

  it('forgets one key: its waiting value and timer go, the others stay', () => {
    const clock = new FakeClock();
    const sent: string[] = [];
    const t = new Throttle<string>(
      (v) => sent.push(v),
      () => 50,
      clock,
    );
    t.offer('gone', 'a');
    t.offer('gone', 'b');
    t.offer('kept', 'x');
    t.offer('kept', 'y');
    t.forget('gone');
    assert.equal(clock.waiting, 1, "only the kept key's timer is left");
    clock.advance(50);
    assert.deepEqual(sent, ['a', 'x', 'y']);
  });
});
