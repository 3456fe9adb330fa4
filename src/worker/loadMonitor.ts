// What a load of a spec's data files tells the host while it reads, and how the host stops it.
import type { LoadMonitor } from '../netspec';
import type { FromWorker } from '../protocol';

/** Load progress messages come at most this often. */
const LOAD_PROGRESS_MS = 100;

/**
 * Watches the load that answers `requestId`: throttled progress to the host, and the host's shared cancel flag (1 =
 * cancelled). `now` is the clock the throttle reads.
 */
export function loadMonitor(
  requestId: number,
  cancel: Int32Array | undefined,
  post: (message: FromWorker) => void,
  now: () => number = () => performance.now(),
): LoadMonitor {
  let last = -Infinity;
  return {
    progress: (progress) => {
      const time = now();
      if (time - last < LOAD_PROGRESS_MS) return;
      last = time;
      post({ type: 'load/progress', requestId, progress });
    },
    cancelled: () => cancel !== undefined && Atomics.load(cancel, 0) === 1,
  };
}
