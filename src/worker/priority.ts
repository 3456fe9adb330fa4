// A worker thread runs below the editor's own threads. On Linux a thread's nice value is its own (setpriority(2) with
// who = 0 sets the calling thread's), so training or a data check yields the CPU whenever the extension host or the
// workbench needs it and loses nothing while they are idle: the editor's event loop does not wait behind a load on a
// machine of two cores. Elsewhere the same call lowers the whole process, the editor with it, so it is not made.
import * as os from 'os';

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
