// A worker thread runs below the editor's own threads. On Linux a thread's nice value is its own (setpriority(2) with
// who = 0 sets the calling thread's), so training or a data check yields the CPU whenever the extension host or the
// workbench needs it and loses nothing while they are idle: the editor's event loop does not wait behind a load on a
// machine of two cores. Elsewhere the same call lowers the whole process, the editor with it, so it is not made.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import { promisify } from 'util';

/** A worker thread's nice value: below the editor's threads (0), above work a user starts at 19 on purpose. */
export const WORKER_NICE = 10;

/**
 * Lowers the calling thread's priority to WORKER_NICE where that touches this thread alone (never raising it: a
 * process already nicer stays as it is). True when it was lowered.
 */
export function lowerThreadPriority(
  platform: NodeJS.Platform = process.platform,
  priority: Pick<typeof os, 'getPriority' | 'setPriority'> = os,
): boolean {
  if (platform !== 'linux') return false;
  try {
    const now = priority.getPriority(0);
    if (now >= WORKER_NICE) return false;
    priority.setPriority(0, WORKER_NICE);
    return true;
  } catch {
    // A sandbox may forbid it: the worker then runs as before.
    return false;
  }
}

/** What `idleThreadScheduling` needs of the system: the calling thread's /proc link and a program run. */
export interface IdleScheduling {
  platform: NodeJS.Platform;
  /** `/proc/thread-self`'s target, `<pid>/task/<tid>`. */
  threadSelf(): string;
  run(program: string, args: string[]): Promise<void>;
}

const system: IdleScheduling = {
  platform: process.platform,
  threadSelf: () => fs.readlinkSync('/proc/thread-self'),
  run: async (program, args) => {
    await promisify(execFile)(program, args, { timeout: 5000 });
  },
};

/**
 * On Linux, also moves the calling thread to the SCHED_IDLE policy, with util-linux's chrt (Node has no
 * sched_setscheduler). The scheduler counts a core that runs only such threads as idle, so a woken editor thread is
 * placed on it and runs at once; a thread that is only nice keeps its core until the load balancer moves work over.
 * Measured in `npm run bench:editor` (2 cores, a thread spinning beside W4's idle hovers): hover round trip p99 40 ms
 * with no such thread, 84 ms with it at nice 10, 50 ms with it at SCHED_IDLE; while W4 trains with its panel open,
 * 104–155 ms became 86–92 ms, for 12–16% fewer steps a second while the hovers ran. Where other work loads every
 * core, the thread still runs, with a fifth of nice 19's share. True once the policy is set; false where it cannot
 * be (no chrt, a sandbox), and the thread's nice value is then all that lowers it.
 */
export async function idleThreadScheduling(sys: IdleScheduling = system): Promise<boolean> {
  if (sys.platform !== 'linux') return false;
  try {
    const tid = /\/task\/(\d+)$/.exec(sys.threadSelf())?.[1];
    if (tid === undefined) return false;
    await sys.run('chrt', ['--idle', '--pid', '0', tid]);
    return true;
  } catch {
    return false;
  }
}
