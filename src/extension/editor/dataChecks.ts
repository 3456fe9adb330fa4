// Checks specs' data files in a worker (the extension host reads headers only): one check at a time, a spec's newest
// request replacing its older one (waiting, or cancelled while it runs), results cached by key (data files' stamps and
// the spec's data-relevant values); the running check's progress is heard through onDidProgress.
import * as vscode from 'vscode';
import { Worker } from 'worker_threads';
import type { DataCheckInfo, FromWorker, LoadProgressInfo, SessionSource, ToWorker } from '../../protocol';
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

/** How a check ended: with a result, stopped by a newer check of its spec, or without one (the worker failed). */
export type DataCheckOutcome = 'checked' | 'superseded' | 'failed';

/** How far the running check of one spec has come; `settled` resolves when that check ends, however it ends. */
export interface DataCheckProgress {
  owner: string;
  requestId: number;
  progress: LoadProgressInfo;
  settled: Promise<DataCheckOutcome>;
}

/** The rejection of a check a newer one of the same spec superseded while it ran. */
class Superseded extends Error {}

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
  /** The check the worker is doing: its spec, key, cancel flag and end. */
  private current:
    | { owner: string; key: string; requestId: number; cancel: Int32Array; settled: Promise<DataCheckOutcome> }
    | undefined;
  private readonly progressed = new vscode.EventEmitter<DataCheckProgress>();
  /** Fires with the running check's progress (throttled by the worker, about ten times a second). */
  readonly onDidProgress = this.progressed.event;
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
    // The spec's edit made its running check's answer useless: it stops at its next chunk, and this one goes next.
    if (this.current?.owner === owner && this.current.key !== key) Atomics.store(this.current.cancel, 0, 1);
    this.running.set(key, answer);
    void answer.then(() => this.running.delete(key));
    this.next();
    return answer;
  }

  private next(): void {
    const request = this.waiting.values().next().value;
    if (this.current || !request) return;
    this.waiting.delete(request.owner);
    clearTimeout(this.idle);
    const { id, answer } = this.pending.open('data');
    const text = request.source.text;
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const settled = answer
      .then(
        (info): DataCheckResult => ({ text, info }),
        (err: unknown): DataCheckResult | undefined =>
          err instanceof Superseded ? undefined : { text, error: err instanceof Error ? err.message : String(err) },
      )
      .then((result): DataCheckOutcome => {
        // A superseded check has no result to keep: its waiters hear undefined, as when a waiting one is replaced.
        if (result) this.keep(request.key, result);
        request.settle(result);
        this.current = undefined;
        this.next();
        if (!this.current) this.idle = setTimeout(() => this.stopWorker(), IDLE_MS);
        return !result ? 'superseded' : 'info' in result ? 'checked' : 'failed';
      });
    this.current = { owner: request.owner, key: request.key, requestId: id, cancel, settled };
    this.ensureWorker().postMessage({
      type: 'data/check',
      requestId: id,
      source: request.source,
      cancel,
    } satisfies ToWorker);
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
      if (msg.type === 'load/progress') this.heard(msg.requestId, msg.progress);
      else if (msg.type === 'data/cancelled') this.pending.reject('data', msg.requestId, new Superseded());
      else if (msg.type !== 'data/checked') return;
      else if (msg.result.ok) this.pending.resolve('data', msg.requestId, msg.result.value);
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

  private heard(requestId: number, progress: LoadProgressInfo): void {
    const current = this.current;
    if (current?.requestId !== requestId) return;
    this.progressed.fire({ owner: current.owner, requestId, progress, settled: current.settled });
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
    this.progressed.dispose();
  }
}
