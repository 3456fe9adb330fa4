import * as assert from 'node:assert/strict';
import type { FromWorker } from '../../../src/protocol';
import { loadMonitor } from '../../../src/worker/loadMonitor';

const progress = (done: number) => ({ file: 'x.npy', unit: 'bytes' as const, done, total: 1000 });

describe('worker/loadMonitor', () => {
  it('posts progress for its request at most every 100 ms', () => {
    const posted: FromWorker[] = [];
    let clock = 5;
    const monitor = loadMonitor(
      7,
      undefined,
      (m) => posted.push(m),
      () => clock,
    );
    monitor.progress(progress(1));
    clock = 104.9;
    monitor.progress(progress(2));
    clock = 105;
    monitor.progress(progress(3));
    assert.deepEqual(posted, [
      { type: 'load/progress', requestId: 7, progress: progress(1) },
      { type: 'load/progress', requestId: 7, progress: progress(3) },
    ]);
  });

  it("reads the host's shared cancel flag, and never cancels without one", () => {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const monitor = loadMonitor(1, cancel, () => undefined);
    assert.equal(monitor.cancelled(), false);
    Atomics.store(cancel, 0, 1);
    assert.equal(monitor.cancelled(), true);
    assert.equal(loadMonitor(1, undefined, () => undefined).cancelled(), false);
  });
});
