// The last few snapshots' gradients of one session, so a hover can draw a parameter's recent history. Pure.

/**
 * Keeps the gradients of the newest `capacity` snapshots, oldest first, within `budgetBytes` (large networks keep
 * fewer).
 */
export class GradientRing {
  private readonly slots: Float64Array[] = [];
  private next = 0;
  private capacity: number;

  constructor(
    private readonly maxCapacity: number,
    private readonly budgetBytes = 32 * 1024 * 1024,
  ) {
    this.capacity = maxCapacity;
  }

  /**
   * Records one snapshot's gradients (kept by reference: snapshots are never mutated) and returns the oldest kept,
   * which it no longer holds, once full.
   */
  push(grads: Float64Array): Float64Array | undefined {
    if (this.slots.length === 0)
      this.capacity = Math.max(
        2,
        Math.min(this.maxCapacity, Math.floor(this.budgetBytes / Math.max(grads.byteLength, 1))),
      );
    let evicted: Float64Array | undefined;
    if (this.slots.length < this.capacity) this.slots.push(grads);
    else {
      evicted = this.slots[this.next];
      this.slots[this.next] = grads;
    }
    this.next = (this.next + 1) % this.capacity;
    return evicted;
  }

  /** The gradient of flat parameter `index` in each kept snapshot, oldest first. */
  historyOf(index: number): number[] {
    const n = this.slots.length;
    const start = n < this.capacity ? 0 : this.next;
    return Array.from({ length: n }, (_, k) => this.slots[(start + k) % n][index] ?? NaN);
  }

  clear(): void {
    this.slots.length = 0;
    this.next = 0;
  }
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * A one-line chart of `values` in block characters, scaled from their min to their max; non-finite values show as a
 * space.
 */
export function sparkline(values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '';
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      const k = hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (BLOCKS.length - 1));
      return BLOCKS[k];
    })
    .join('');
}
