import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FromWorker } from '../../../../src/protocol';
import {
  loadSession,
  runTarget,
  type SessionThread,
  type TrainingSession,
} from '../../../../src/worker/training/session';
import { ExactBuffers } from '../../../../src/worker/training/exactBuffers';

const examples = path.join(__dirname, '../../../../../examples');
const noMonitor = { progress: () => undefined, cancelled: () => false };

/**
 * A thread whose clock moves only when told (from 0, as a worker's starts), whose scheduled slices run one at a time
 * on `next()`, and which notes when each message was posted.
 */
class FakeThread implements SessionThread {
  readonly exactBuffers = new ExactBuffers();
  readonly posted: FromWorker[] = [];
  readonly postedAt: number[] = [];
  clock = 0;
  private queue: (() => void)[] = [];

  post(message: FromWorker): void {
    this.posted.push(message);
    this.postedAt.push(this.clock);
  }
  /** Forgets what was posted so far. */
  clear(): void {
    this.posted.length = 0;
    this.postedAt.length = 0;
  }
  /** When each message of `type` was posted. */
  times(type: FromWorker['type']): number[] {
    return this.postedAt.filter((_, i) => this.posted[i]?.type === type);
  }
  now(): number {
    return this.clock;
  }
  schedule(task: () => void): void {
    this.queue.push(task);
  }
  /** Tasks scheduled and not yet run. */
  get queued(): number {
    return this.queue.length;
  }
  /** Runs the next scheduled task; false when none was. */
  next(): boolean {
    const task = this.queue.shift();
    task?.();
    return task !== undefined;
  }
  of<T extends FromWorker['type']>(type: T): Extract<FromWorker, { type: T }>[] {
    return this.posted.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
  }
}

function load(name: string, thread: FakeThread): TrainingSession {
  const specPath = path.join(examples, name);
  const session = loadSession(1, { text: fs.readFileSync(specPath, 'utf8'), specPath }, noMonitor, thread);
  assert.ok(session);
  thread.clear();
  return session;
}

describe('worker/training/session', () => {
  it("runs to the spec's end, a given number of steps, or after a finished run the spec's epochs once more", () => {
    assert.equal(runTarget(0, 500), 500);
    assert.equal(runTarget(120, 500), 500);
    assert.equal(runTarget(500, 500), 1000);
    assert.equal(runTarget(120, 500, 7), 127);
  });

  it('answers a load with the spec it loaded, or with why it could not', () => {
    const thread = new FakeThread();
    const specPath = path.join(examples, 'xor.nn.json');
    const session = loadSession(4, { text: fs.readFileSync(specPath, 'utf8'), specPath }, noMonitor, thread);
    assert.ok(session);
    const [loaded] = thread.of('session/loaded');
    assert.ok(loaded?.result.ok);
    assert.equal(loaded.requestId, 4);
    assert.equal(loaded.result.value.paramCount, 13);
    assert.equal(loadSession(5, { text: '{ "input": 2 }', specPath }, noMonitor, thread), undefined);
    const refused = thread.of('session/loaded')[1];
    assert.ok(refused && refused.requestId === 5 && !refused.result.ok);
  });

  it('on a still clock, runs in slices to the end and reports once, with the exact vectors, at the end', () => {
    const thread = new FakeThread();
    const session = load('xor.nn.json', thread);
    session.run(200);
    let slices = 0;
    while (thread.next()) slices++;
    assert.ok(slices > 1, `${slices} slices`);
    assert.deepEqual(
      thread.posted.map((m) => m.type),
      ['train/snapshot', 'train/boundary', 'train/progress', 'train/stopped'],
    );
    const [snapshot] = thread.of('train/snapshot');
    assert.equal(snapshot?.snapshot?.step, 200);
    const [progress] = thread.of('train/progress');
    assert.equal(progress?.progress.step, 200);
    assert.equal(progress?.progress.running, false);
    assert.equal(progress?.points.length, 200, 'a point per step');
    assert.equal(thread.of('train/stopped')[0]?.reason, 'done');
  });

  it('paces a run: progress every 50 ms, a snapshot every 200 ms, exact vectors within their budget', () => {
    const thread = new FakeThread();
    const session = load('xor.nn.json', thread);
    session.run(1_000_000);
    // 15 slices (each twice the last on this still clock: 32767 steps, far from the end).
    for (let i = 0; i < 15; i++) {
      thread.clock += 40;
      thread.next();
    }
    session.pause();
    // Slices every 40 ms: progress once 50 ms have passed, and with every snapshot; snapshots once 200 ms have.
    assert.deepEqual(thread.times('train/progress'), [80, 160, 200, 280, 360, 400, 480, 560, 600, 600]);
    assert.deepEqual(thread.times('train/snapshot'), [200, 400, 600, 600], 'the last one is the pause');
    assert.deepEqual(thread.times('train/boundary'), [200, 400, 600, 600]);
    assert.deepEqual(
      thread.posted.slice(-4).map((m) => m.type),
      ['train/snapshot', 'train/boundary', 'train/progress', 'train/stopped'],
    );
    assert.equal(thread.of('train/stopped')[0]?.reason, 'paused');
    assert.ok(
      thread.of('train/snapshot').every((m) => m.snapshot),
      'a small network gets exact vectors each time',
    );
  });

  it('a replaced session trains no further', () => {
    const thread = new FakeThread();
    const session = load('xor.nn.json', thread);
    session.run(100);
    session.dispose();
    while (thread.next());
    assert.deepEqual(thread.posted, []);
  });

  it('a Train right after a pause, reset or step (one turn) trains in one chain of slices, not two', () => {
    for (const interrupt of ['pause', 'reset', 'step'] as const) {
      const thread = new FakeThread();
      const session = load('xor.nn.json', thread);
      session.run(1_000_000);
      thread.next();
      if (interrupt === 'step') session.step(1);
      else session[interrupt]();
      session.run(1_000_000);
      for (let i = 0; i < 4; i++) thread.next();
      // One chain: each slice schedules the next, so one task is ever queued; two chains would leave two.
      assert.equal(thread.queued, 1, interrupt);
      session.pause();
    }
  });

  it('a single step sends its step view, then progress and a snapshot; a reset starts the curve over', () => {
    const thread = new FakeThread();
    const session = load('xor.nn.json', thread);
    session.step(1);
    assert.deepEqual(
      thread.posted.map((m) => m.type),
      ['train/stepDetail', 'train/snapshot', 'train/boundary', 'train/progress'],
    );
    session.step(5);
    assert.equal(thread.of('train/stepDetail').length, 1, 'only a single step has a step view');
    thread.clear();
    session.reset();
    const [progress] = thread.of('train/progress');
    assert.equal(progress?.progress.step, 0);
    assert.deepEqual(progress?.points, []);
  });
});
