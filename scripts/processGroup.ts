// Stopping a detached child and everything it started: signal its process group and await the group's end.
import { waitFor } from './wait';

/** True while any process of the group `pgid` is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the group, then SIGKILL whatever is left after `graceMs`; resolves once the group is gone. */
export async function stopProcessGroup(pgid: number, graceMs = 5_000): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (!groupAlive(pgid)) return;
    process.kill(-pgid, signal);
    try {
      await waitFor(() => (groupAlive(pgid) ? undefined : true), {
        what: `process group ${pgid} to exit`,
        timeoutMs: graceMs,
      });
      return;
    } catch {
      // Still alive: escalate, or report below.
    }
  }
  console.warn(`[process] group ${pgid} still has processes after SIGKILL (unreaped zombies?)`);
}

/** On Ctrl+C (or a CI kill), runs `cleanup` once and exits; returns a function that removes the handlers. */
export function cleanupOnSignals(cleanup: () => Promise<void>): () => void {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  let running = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (running) return;
    running = true;
    console.error(`\n[process] ${signal}: stopping…`);
    void cleanup().finally(() => process.exit(130));
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
