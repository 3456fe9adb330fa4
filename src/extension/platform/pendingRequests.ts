// Requests sent to a worker that expect an answer, keyed by request id: each settles once, on its answer, on the
// worker's exit or on dispose, so no promise waits forever (STYLE 4). Pure.

interface Waiting {
  kind: PropertyKey;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** `Answers` maps each kind of request to the value its answer carries, e.g. `{ check: GradCheckInfo }`. */
export class PendingRequests<Answers extends object> {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  /** A fresh request id and the promise its answer settles. */
  open<K extends keyof Answers>(kind: K): { id: number; answer: Promise<Answers[K]> } {
    const id = this.nextId++;
    const answer = new Promise<Answers[K]>((resolve, reject) =>
      this.waiting.set(id, { kind, resolve: (value) => resolve(value as Answers[K]), reject }),
    );
    return { id, answer };
  }

  /** Whether request `id` of this kind still waits (an answer to a settled or unknown request is ignored). */
  has(kind: keyof Answers, id: number): boolean {
    return this.waiting.get(id)?.kind === kind;
  }

  /** Settles request `id` with its answer; false when no request of this kind waits under that id. */
  resolve<K extends keyof Answers>(kind: K, id: number, value: Answers[K]): boolean {
    const entry = this.take(kind, id);
    entry?.resolve(value);
    return entry !== undefined;
  }

  /** Rejects request `id` (its answer was a failure); false when no request of this kind waits under that id. */
  reject(kind: keyof Answers, id: number, err: Error): boolean {
    const entry = this.take(kind, id);
    entry?.reject(err);
    return entry !== undefined;
  }

  /** Rejects every waiting request (the worker exited, the session was reset or closed). */
  rejectAll(err: Error): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const entry of all) entry.reject(err);
  }

  /** Requests still waiting for an answer. */
  get size(): number {
    return this.waiting.size;
  }

  private take(kind: keyof Answers, id: number): Waiting | undefined {
    const entry = this.waiting.get(id);
    if (entry?.kind !== kind) return undefined;
    this.waiting.delete(id);
    return entry;
  }
}
