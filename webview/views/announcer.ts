// What a screen reader hears, and when: status changes always, training progress rarely, keyboard selection once the
// keys settle, through one polite live region; never faster than a listener can follow.

/** Time, injected so the policy can be tested without waiting. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): number;
  clearTimeout(handle: number): void;
}

/** No two announcements closer than this: a polite region read out mid-sentence is noise. */
export const MIN_GAP_MS = 1500;
/** Training progress at most this often: enough to follow a long run, rare enough to let other speech through. */
export const PROGRESS_GAP_MS = 15_000;
/** Keyboard selection is spoken once the keys rest this long, so holding ↓ does not queue a sentence per unit. */
export const SETTLE_MS = 200;

/**
 * The announcement policy. Status changes are never dropped: ones that arrive within MIN_GAP_MS of the last
 * announcement wait and are spoken together. Progress is dropped when a status waits, when progress was spoken less
 * than PROGRESS_GAP_MS ago, or when a newer progress replaces it. A selection replaces any earlier selection and
 * is spoken SETTLE_MS after the last key.
 */
export class Announcer {
  private lastSpoken = -Infinity;
  private lastProgress = -Infinity;
  private statuses: string[] = [];
  private progressText?: string;
  private flushTimer?: number;
  private selectionTimer?: number;

  constructor(
    private readonly speak: (text: string) => void,
    private readonly clock: Clock,
  ) {}

  /** Training started, paused, done or diverged; a step taken; a gradient check's verdict. */
  status(text: string): void {
    this.statuses.push(text);
    this.progressText = undefined;
    this.schedule();
  }

  /** Where a run is (step, loss): spoken only now and then, and never sooner than PROGRESS_GAP_MS after a status. */
  progress(text: string): void {
    if (this.statuses.length > 0 || this.clock.now() - this.lastProgress < PROGRESS_GAP_MS) return;
    this.progressText = text;
    this.schedule();
  }

  /** What the keyboard selected. */
  selection(text: string): void {
    if (this.selectionTimer !== undefined) this.clock.clearTimeout(this.selectionTimer);
    this.selectionTimer = this.clock.setTimeout(() => {
      this.selectionTimer = undefined;
      this.say(text);
    }, SETTLE_MS);
  }

  /** Speaks what waits now, or sets a timer for when the gap since the last announcement has passed. */
  private schedule(): void {
    const wait = this.lastSpoken + MIN_GAP_MS - this.clock.now();
    if (wait <= 0) return this.flush();
    this.flushTimer ??= this.clock.setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const text = this.statuses.length > 0 ? this.statuses.join(' ') : this.progressText;
    if (text === undefined) return;
    this.say(text);
    // A status says where the run is too: the next progress waits a full gap after it.
    this.lastProgress = this.clock.now();
    this.statuses = [];
    this.progressText = undefined;
  }

  private say(text: string): void {
    this.lastSpoken = this.clock.now();
    this.speak(text);
  }
}
