// Checks specs' data files in a worker (the extension host reads headers only): one check at a time, a spec's newest
// waiting request replacing its older one, results cached by key (data files' stamps and the spec's data-relevant
// values).
import * as vscode from 'vscode';
import { Worker } from 'worker_threads';
import type { DataCheckInfo, FromWorker, SessionSource, ToWorker } from '../../protocol';
import { PendingRequests } from '../platform/pendingRequests';
import type { DataCheckResult } from './dataProblems';

/** Results kept: one per spec and data file version the user is likely to come back to. */
const KEPT_RESULTS = 32;
/** A worker left idle this long exits, giving back the memory a large data set took. */
const IDLE_MS = 60_000;

export interface DataCheckOptions {
  workerPath: string;
  /** The worker's heap limit, read when one starts (backprop.worker.maxMemoryMb). */
  maxMemoryMb: () => number;
}

interface Request {
  /** The spec asking: its newer request replaces its waiting one. */
  owner: string;
  key: string;
  source: SessionSource;
  settle(result: DataCheckResult | undefined): void;
}

export class DataChecks implements vscode.Disposable {
  private readonly results = new Map<string, DataCheckResult>();
  private readonly running = new Map<string, Promise<DataCheckResult | undefined>>();
  private worker: Worker | undefined;
  private readonly pending = new PendingRequests<{ data: DataCheckInfo }>();
  private busy = false;
  /** Requests not yet sent, one per spec, oldest first. */
  private readonly waiting = new Map<string, Request>();
  private idle: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly options: DataCheckOptions) {}

  /** The settled result under `key`, if any. */
  result(key: string): DataCheckResult | undefined {
    const found = this.results.get(key);
    if (found) {
      // Most recently used last, so the oldest is the one dropped.
      this.results.delete(key);
      this.results.set(key, found);
    }
    return found;
  }

  /**
   * Checks `source` for the spec `owner` (unless its key's result is known or on its way); resolves with the result,
   * or undefined when the spec's newer request replaced this one before it started.
   */
  check(owner: string, key: string, source: SessionSource): Promise<DataCheckResult | undefined> {
    const known = this.result(key);
    if (known) return Promise.resolve(known);
    if (this.disposed) return Promise.resolve({ text: source.text, error: 'the extension is shutting down' });
    const running = this.running.get(key);
    if (running) return running;
    const answer = new Promise<DataCheckResult | undefined>((settle) => {
      this.waiting.get(owner)?.settle(undefined);
      this.waiting.delete(owner);
      this.waiting.set(owner, { owner, key, source, settle });
    });
    this.running.set(key, answer);
    void answer.then(() => this.running.delete(key));
    this.next();
    return answer;
  }

  private next(): void {
    const request = this.waiting.values().next().value;
    if (this.busy || !request) return;
    this.waiting.delete(request.owner);
    this.busy = true;
    clearTimeout(this.idle);
    const { id, answer } = this.pending.open('data');
    const text = request.source.text;
    void answer
      .then(
        (info): DataCheckResult => ({ text, info }),
        (err: unknown): DataCheckResult => ({ text, error: err instanceof Error ? err.message : String(err) }),
      )
      .then((result) => {
        this.keep(request.key, result);
        request.settle(result);
        this.busy = false;
        this.next();
        if (!this.busy) this.idle = setTimeout(() => this.stopWorker(), IDLE_MS);
      });
    this.ensureWorker().postMessage({ type: 'data/check', requestId: id, source: request.source } satisfies ToWorker);
  }

  private keep(key: string, result: DataCheckResult): void {
    this.results.set(key, result);
    if (this.results.size > KEPT_RESULTS) this.results.delete(this.results.keys().next().value as string);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const maxMemoryMb = this.options.maxMemoryMb();
    const worker = new Worker(this.options.workerPath, { resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb } });
    let failure: NodeJS.ErrnoException | undefined;
    worker.on('message', (msg: FromWorker) => {
      if (msg.type !== 'data/checked') return;
      if (msg.result.ok) this.pending.resolve('data', msg.requestId, msg.result.value);
      else this.pending.reject('data', msg.requestId, new Error(msg.result.error));
    });
    worker.on('error', (err) => (failure = err));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      const why =
        failure?.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `loading it ran out of memory (limit ${maxMemoryMb} MB, setting backprop.worker.maxMemoryMb)`
          : `the checking worker stopped (exit code ${code})${failure ? `: ${failure.message}` : ''}`;
      this.pending.rejectAll(new Error(why));
    });
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idle);
    for (const request of this.waiting.values()) request.settle(undefined);
    this.waiting.clear();
    this.pending.rejectAll(new Error('the extension is shutting down'));
    this.stopWorker();
  }
}
