// Stopping a detached child and everything it started (signal its process group and await the group's end), or a
// child of no group of its own; and running a script again in a session of its own.
import { spawn } from 'child_process';
import { waitFor, withTimeout } from './wait';

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

/**
 * SIGTERM one process, then SIGKILL it if `exited` (its exit) has not come after `graceMs`; resolves once it has ended
 * or was gone already. For a child in no process group of its own.
 */
export async function stopProcess(pid: number, exited: Promise<void>, graceMs = 5_000): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // gone already
    }
    const ended = await withTimeout(exited, graceMs, `process ${pid} to exit`).then(
      () => true,
      () => false,
    );
    if (ended) return;
  }
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

/**
 * Runs this script again (Linux) as the leader of a session and process group of its own, with `flag` set in its
 * environment; resolves with its exit code once it and whatever it left in its group have ended. Undefined where this
 * is that run already, or not Linux: the caller goes on in this process.
 */
export async function rerunInOwnSession(flag: string): Promise<number | undefined> {
  if (process.platform !== 'linux' || process.env[flag]) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, [flag]: '1' },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not run ${process.argv[1]} again in a session of its own`);
  // Ctrl+C reaches only this process's group: pass it on to the run's, whose own handlers clean up.
  const forward = (signal: NodeJS.Signals): void => void (groupAlive(pid) && process.kill(-pid, signal));
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, forward);
  try {
    return await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  } finally {
    for (const s of signals) process.off(s, forward);
    await stopProcessGroup(pid);
  }
}
