// The buffers exact snapshots are written into: those the host has finished reading come back (transferred, so
// nothing is copied) and are filled again. A W4-sized network's exact vectors are 16 MB; allocating them afresh for
// every snapshot made the host's garbage collector run a full collection every few seconds while it trained.

/** Buffers kept for reuse at most: two snapshots' worth (params, grads, last update). */
const KEPT = 6;

export class ExactBuffers {
  private readonly free: ArrayBuffer[] = [];

  /** Buffers the host no longer reads; beyond KEPT they are left to the garbage collector. */
  give(buffers: readonly ArrayBuffer[]): void {
    for (const b of buffers) if (this.free.length < KEPT && b.byteLength > 0) this.free.push(b);
  }

  /** A copy of `values` in float64, in a returned buffer of the right size when there is one. */
  copyOf(values: ArrayLike<number>): Float64Array<ArrayBuffer> {
    const bytes = values.length * Float64Array.BYTES_PER_ELEMENT;
    const i = this.free.findIndex((b) => b.byteLength === bytes);
    if (i < 0) {
      // None fits: a network of another size was loaded since, so what is kept is of no further use.
      this.free.length = 0;
      return Float64Array.from(values);
    }
    const out = new Float64Array(this.free.splice(i, 1)[0]);
    out.set(values);
    return out;
  }
}
