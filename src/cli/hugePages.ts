// Huge pages for large loads on Linux. Loading a data set of hundreds of MB can cost far more in first touches of fresh
// memory (a page fault per 4 KiB page: about 15 µs each on one Firecracker VM we measured on, 2–3 µs on another) than
// in decoding, and glibc's malloc asks the kernel for transparent huge pages only when GLIBC_TUNABLES carries
// glibc.malloc.hugetlb=1 at process start: a CLI run whose data set is large relaunches itself once with it set (one
// Node start more), where a probe of this machine's first touches says the relaunch saves more than it costs.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import { parseSpec } from '../netspec';
import { HeaderCache, headerSpecHost } from '../node/specFiles';
import type { SpecAccess } from './load';

/** The glibc tunable (2.35 and later) that makes malloc madvise huge pages for its large blocks. */
export const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb=1';
/** Set to 0 to never relaunch, to 1 to relaunch every large data set whatever the probe says. */
export const HUGE_PAGES_VARIABLE = 'BACKPROP_HUGE_PAGES';
/** Data sets from this size (in the training precision) are large: below it no relaunch could pay for itself. */
export const RELAUNCH_BYTES = 32 * 2 ** 20;
/**
 * A relaunch pays when the first touches it saves would take longer than this: one more CLI start (0.1–0.25 s
 * measured) and the header-only parse of the specs.
 */
export const RELAUNCH_SECONDS = 0.3;
const PAGE = 4096;
/** Memory the probe touches per try, and its tries (the fastest counts: a busy machine only slows one). */
const PROBE_BYTES = 2 ** 20;
const PROBE_TRIES = 3;
/**
 * Memory the probe allocates: beyond glibc's largest mmap threshold (32 MiB), so it is always mapped afresh, never
 * memory an earlier free left warm. Only the tries' spans are ever touched.
 */
const PROBE_MAP_BYTES = 33 * 2 ** 20;
/** What a terminal or a supervisor may send the parent; the relaunched run hears each one too. */
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** How a relaunched run ended. */
export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The environment to relaunch in, or undefined when this process should not: not Linux, the user opted out,
 * GLIBC_TUNABLES already says what malloc does with huge pages (the user's choice, or this is the relaunched run), or
 * `worth` (asked last: it reads headers) says no.
 */
export function hugePageEnv(
  env: NodeJS.ProcessEnv,
  platform: string,
  worth: () => boolean,
): NodeJS.ProcessEnv | undefined {
  if (platform !== 'linux' || env[HUGE_PAGES_VARIABLE] === '0') return undefined;
  const tunables = env.GLIBC_TUNABLES ?? '';
  if (/(^|:)glibc\.malloc\.hugetlb=/.test(tunables) || !worth()) return undefined;
  return { ...env, GLIBC_TUNABLES: tunables ? `${tunables}:${HUGE_PAGES_TUNABLE}` : HUGE_PAGES_TUNABLE };
}

/** True when glibc `version` (e.g. "2.36"; undefined for musl, macOS, Windows) has the tunable: 2.35 and later. */
export function takesTunable(version: string | undefined): boolean {
  const [major, minor] = (version ?? '').split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 35);
}

/**
 * Seconds a fresh 4 KiB page's first touch takes in this process: spans of freshly mapped memory touched a page at a
 * time, the fastest try. NOTE: consecutive pages, so that where the kernel gives huge pages anyway (THP "always") one
 * fault serves a span's pages and the probe says, rightly, that a relaunch gains nothing.
 */
export function pageTouchSeconds(): number {
  const fresh = new Uint8Array(PROBE_MAP_BYTES);
  let best = Infinity;
  for (let i = 0; i < PROBE_TRIES; i++) {
    const from = 2 * i * PROBE_BYTES;
    const started = performance.now();
    for (let at = from; at < from + PROBE_BYTES; at += PAGE) fresh[at] = 1;
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return best / (PROBE_BYTES / PAGE);
}

/** True when `bytes` of data are large and their pages' first touches, at `perPage` seconds, outlast a relaunch. */
export function worthRelaunch(bytes: number, perPage: number): boolean {
  return bytes >= RELAUNCH_BYTES && (bytes / PAGE) * perPage > RELAUNCH_SECONDS;
}

/** The glibc this Node runs on, from a process report (a few milliseconds). */
function glibcVersion(): string | undefined {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime;
}

/**
 * The bytes the specs' data sets will take, from their files' headers alone (nothing else is read). A spec that fails
 * to parse counts for nothing: the run itself reports why.
 */
export function dataBytes(files: string[], access: SpecAccess): number {
  let bytes = 0;
  for (const file of files) {
    try {
      const host = headerSpecHost(file, access.allowedRoot, new HeaderCache());
      host.dataBytes = (b): void => void (bytes += b);
      parseSpec(fs.readFileSync(file, 'utf8'), host, { maxNumbers: access.maxNumbers });
    } catch {
      // NOTE: missing or unreadable: the command itself says so.
    }
  }
  return bytes;
}

/**
 * The environment to relaunch this CLI run in when glibc can give huge pages and its specs' data sets are large enough
 * to gain from them here (or large, with BACKPROP_HUGE_PAGES=1), or undefined to run here.
 */
export function relaunchEnv(files: string[], access: SpecAccess): NodeJS.ProcessEnv | undefined {
  const worth = (): boolean => {
    if (!takesTunable(glibcVersion())) return false;
    const bytes = dataBytes(files, access);
    if (bytes < RELAUNCH_BYTES) return false;
    return process.env[HUGE_PAGES_VARIABLE] === '1' || worthRelaunch(bytes, pageTouchSeconds());
  };
  return hugePageEnv(process.env, process.platform, worth);
}

/**
 * Runs this same command line again in `env`, sharing stdin, stdout and stderr, and passes it the signals this process
 * gets; resolves to how it ended, or to undefined when it could not start (the command then runs here).
 */
export function relaunch(env: NodeJS.ProcessEnv): Promise<Ended | undefined> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  for (const s of FORWARDED) process.on(s, forward);
  const stop = (): void => FORWARDED.forEach((s) => process.off(s, forward));
  return new Promise((resolve) => {
    child.on('error', () => {
      stop();
      resolve(undefined);
    });
    child.on('exit', (code, signal) => {
      stop();
      resolve({ code, signal });
    });
  });
}

/** Ends this process as the relaunched run ended: the same exit code, or killed by the same signal. */
export function endAs(ended: Ended): never {
  // NOTE: the forwarding listeners are gone, so the signal's default action ends this process as it ended the run's;
  // the exit code after it is the one shells would report, should the signal be caught after all.
  if (ended.signal) process.kill(process.pid, ended.signal);
  process.exit(ended.code ?? 128 + (ended.signal ? os.constants.signals[ended.signal] : 0));
}
