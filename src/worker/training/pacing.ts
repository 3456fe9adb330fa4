// How often a run's messages go out: progress at a steady rate, snapshots as often as their cost allows, the exact
// vectors within the host's byte budget, and the step rate measured over a window. Every rule takes the time it is
// asked at, so it is tested without a clock.

/** Progress messages come at most this often. */
const PROGRESS_MS = 50;
/** Snapshots come at most this often, however cheap. */
const SNAPSHOT_MS = 200;
/** Bytes per second of exact vectors the host receives at most (a W4 network's 16 MB come every two seconds). */
const EXACT_BYTES_PER_SECOND = 8 * 1024 * 1024;
/** Snapshots (full-data loss, pictures of every layer) may take at most this share of a run's time. */
const SNAPSHOT_SHARE = 0.1;
/** The step rate is measured over at least this long, so one short slice does not make it jump. */
const RATE_WINDOW_MS = 250;

/** Time between snapshots: SNAPSHOT_MS, or longer when making one is costly (a large network over a large data set). */
export function snapshotIntervalMs(cost: number): number {
  return Math.max(SNAPSHOT_MS, cost / SNAPSHOT_SHARE);
}

/**
 * Time between two snapshots with exact vectors for the host: a large network's 24 bytes per parameter are copied
 * each time (into the buffers the host hands back, see exactBuffers.ts; before those came back, the host's garbage
 * collector stalled the editor when they were allocated faster).
 */
export function exactIntervalMs(paramCount: number): number {
  return Math.max(SNAPSHOT_MS, ((paramCount * 24) / EXACT_BYTES_PER_SECOND) * 1000);
}

/** When a session last sent each kind of message, and what that makes due next. */
export class Pacer {
  private lastProgress = 0;
  private lastSnapshot = 0;
  /** How long the last snapshot took to make, in ms. */
  private snapshotCost = 0;
  /** When the last snapshot with exact vectors was made. */
  private lastExact = 0;
  private rateFrom: { time: number; step: number };
  private rate = 0;

  constructor(now: number) {
    this.rateFrom = { time: now, step: 0 };
  }

  /** Steps per second over the latest window. */
  get stepsPerSecond(): number {
    return this.rate;
  }

  /** A run starts at `step`: the rate is measured from here, not across the idle time before it. */
  startRate(now: number, step: number): void {
    this.rateFrom = { time: now, step };
  }

  /** Updates the step rate once a window has passed since it was last measured. */
  measureRate(now: number, step: number): void {
    if (now - this.rateFrom.time < RATE_WINDOW_MS) return;
    this.rate = ((step - this.rateFrom.step) * 1000) / (now - this.rateFrom.time);
    this.rateFrom = { time: now, step };
  }

  snapshotDue(now: number): boolean {
    return now - this.lastSnapshot >= snapshotIntervalMs(this.snapshotCost);
  }

  /** A snapshot made from `started` to `finished`: the next one waits in proportion to its cost. */
  snapshotMade(started: number, finished: number): void {
    this.lastSnapshot = finished;
    this.snapshotCost = finished - started;
  }

  exactDue(now: number, paramCount: number): boolean {
    return now - this.lastExact >= exactIntervalMs(paramCount);
  }

  exactSent(now: number): void {
    this.lastExact = now;
  }

  progressDue(now: number): boolean {
    return now - this.lastProgress >= PROGRESS_MS;
  }

  progressSent(now: number): void {
    this.lastProgress = now;
  }
}
