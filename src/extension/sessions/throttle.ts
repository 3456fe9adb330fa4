// Limits how often each kind of message goes out, always delivering the newest one last (trailing edge). Its time and
// timers come from a Clock, so tests drive it deterministically.

/** Time and timers, injected: the system's in the product, a fake one in tests. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Sends at most one value per key every `intervalMs`; a value arriving sooner waits and replaces any waiting one,
 * or is combined with it by `merge` when nothing in it may be lost (chart points).
 */
export class Throttle<T> {
  private readonly lastSent = new Map<string, number>();
  private readonly waiting = new Map<string, T>();
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly send: (value: T) => void,
    private readonly intervalMs: (key: string) => number,
    private readonly clock: Clock = systemClock,
    private readonly merge: (older: T, newer: T) => T = (_older, newer) => newer,
  ) {}

  offer(key: string, value: T): void {
    const due = (this.lastSent.get(key) ?? -Infinity) + this.intervalMs(key);
    if (this.clock.now() >= due && !this.timers.has(key)) {
      this.deliver(key, value);
      return;
    }
    const older = this.waiting.get(key);
    this.waiting.set(key, older === undefined ? value : this.merge(older, value));
    if (!this.timers.has(key))
      this.timers.set(
        key,
        this.clock.setTimeout(() => this.flush(key), Math.max(0, due - this.clock.now())),
      );
  }

  /** Sends `value` at once, replacing any value of its key still waiting (a change that must not wait). */
  now(key: string, value: T): void {
    this.forget(key);
    this.deliver(key, value);
  }

  /** Drops what waits under `key` (its subject is gone). */
  forget(key: string): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.timers.delete(key);
    this.waiting.delete(key);
  }

  /** Drops everything waiting (the session restarted or ended). */
  clear(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
    this.waiting.clear();
  }

  private flush(key: string): void {
    this.timers.delete(key);
    const value = this.waiting.get(key);
    this.waiting.delete(key);
    if (value !== undefined) this.deliver(key, value);
  }

  private deliver(key: string, value: T): void {
    this.lastSent.set(key, this.clock.now());
    this.send(value);
  }
}
