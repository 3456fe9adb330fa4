// Worker threads run below the editor: on Linux the built worker lowers its own thread's nice value and no other's;
// elsewhere (where the call would lower the whole process) it leaves priorities alone.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { ToWorker } from '../../../src/protocol';
import { lowerThreadPriority, WORKER_NICE } from '../../../src/worker/priority';

const workerPath = path.join(__dirname, '../../../../dist/worker.js');

/** Nice value of each of this process's threads (Linux), by thread id. */
function threadNices(): Map<string, number> {
  const nices = new Map<string, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis start at field 3 (state); nice is field 19.
      nices.set(tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return nices;
}

/** A fake of os's priority calls: what was set, starting from `start`. */
function fakePriority(start: number): { set: number[]; getPriority: () => number; setPriority: typeof os.setPriority } {
  const set: number[] = [];
  return {
    set,
    getPriority: () => set.at(-1) ?? start,
    setPriority: (who: number, value?: number) => void set.push(who === 0 ? (value ?? 0) : NaN),
  };
}

describe('worker/priority', () => {
  it('lowers the calling thread to WORKER_NICE on Linux only, never raising a nicer one', () => {
    const linux = fakePriority(0);
    assert.equal(lowerThreadPriority('linux', linux), true);
    assert.deepEqual(linux.set, [WORKER_NICE]);
    for (const platform of ['darwin', 'win32'] as const) {
      const other = fakePriority(0);
      assert.equal(lowerThreadPriority(platform, other), false);
      assert.deepEqual(other.set, [], platform);
    }
    const nicer = fakePriority(15);
    assert.equal(lowerThreadPriority('linux', nicer), false);
    assert.deepEqual(nicer.set, []);
    assert.equal(
      lowerThreadPriority('linux', {
        getPriority: () => 0,
        setPriority: () => {
          throw new Error('EACCES');
        },
      }),
      false,
    );
  });

  it('the built worker runs its own thread at WORKER_NICE and leaves the main thread as it was', async () => {
    const mainBefore = os.getPriority();
    const before = process.platform === 'linux' ? threadNices() : new Map<string, number>();
    const worker = new Worker(workerPath);
    try {
      // The worker has run its top level once it answers a message.
      const source = { text: '{ "input": 1, "layers": [{ "units": 1 }] }', specPath: path.resolve('p.nn.json') };
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.postMessage({ type: 'data/check', requestId: 1, source } satisfies ToWorker);
      });
      assert.equal(os.getPriority(), mainBefore, 'the main thread keeps its priority');
      if (process.platform !== 'linux') return;
      const lowered = [...threadNices()].filter(
        ([tid, nice]) => !before.has(tid) && nice === Math.max(WORKER_NICE, mainBefore),
      );
      assert.equal(lowered.length, 1, `one new thread at nice ${WORKER_NICE}: ${JSON.stringify([...threadNices()])}`);
      assert.equal(threadNices().get(String(process.pid)), mainBefore);
    } finally {
      await worker.terminate();
    }
  });
});
