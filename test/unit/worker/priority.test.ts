// Worker threads run below the editor: on Linux the built worker lowers its own thread's nice value and no other's;
// elsewhere (where the call would lower the whole process) it leaves priorities alone.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { ToWorker } from '../../../src/protocol';
import { idleThreadScheduling, lowerThreadPriority, WORKER_NICE } from '../../../src/worker/priority';

const workerPath = path.join(__dirname, '../../../../dist/worker.js');

/** Linux's SCHED_IDLE policy number. */
const SCHED_IDLE = 5;

/** Nice value and scheduling policy of each of this process's threads (Linux), by thread id. */
function threadPriorities(): Map<string, { nice: number; policy: number }> {
  const threads = new Map<string, { nice: number; policy: number }>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis start at field 3 (state); nice is field 19, policy field 41.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(tid, { nice: Number(fields[16]), policy: Number(fields[38]) });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return threads;
}

function threadNices(): Map<string, number> {
  return new Map([...threadPriorities()].map(([tid, { nice }]) => [tid, nice]));
}

/** Whether util-linux's chrt is on the PATH (Debian installs it with every system). */
function hasChrt(): boolean {
  return (process.env['PATH'] ?? '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, 'chrt')));
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

  it('moves the calling thread to SCHED_IDLE with chrt on Linux only, by its thread id', async () => {
    const runs: string[][] = [];
    const sys = (platform: NodeJS.Platform, link = '4242/task/4250', fail = false) => ({
      platform,
      threadSelf: () => link,
      run: (program: string, args: string[]) => {
        runs.push([program, ...args]);
        return fail ? Promise.reject(new Error('ENOENT')) : Promise.resolve();
      },
    });
    assert.equal(await idleThreadScheduling(sys('linux')), true);
    assert.deepEqual(runs, [['chrt', '--idle', '--pid', '0', '4250']]);
    assert.equal(await idleThreadScheduling(sys('darwin')), false);
    assert.equal(await idleThreadScheduling(sys('linux', 'self')), false, 'no thread id in the link');
    assert.equal(await idleThreadScheduling(sys('linux', '4242/task/4251', true)), false, 'chrt failed');
    assert.equal(runs.length, 2);
    assert.equal(
      await idleThreadScheduling({
        platform: 'linux',
        threadSelf: () => {
          throw new Error('ENOENT');
        },
        run: () => Promise.resolve(),
      }),
      false,
    );
  });

  it('the built worker runs its own thread at WORKER_NICE, and at SCHED_IDLE where chrt is, and no other', async () => {
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
      if (!hasChrt()) return;
      // chrt runs in the background of the worker's start: its thread is idle-class within moments.
      const tid = lowered[0][0];
      const deadline = Date.now() + 5000;
      while (threadPriorities().get(tid)?.policy !== SCHED_IDLE && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal(threadPriorities().get(tid)?.policy, SCHED_IDLE, 'the worker thread runs at SCHED_IDLE');
      assert.notEqual(threadPriorities().get(String(process.pid))?.policy, SCHED_IDLE, 'the main thread does not');
    } finally {
      await worker.terminate();
    }
  });
});
