// One training session per spec URI: owns its worker thread, its SessionModel and every request it sends; all settle.
import * as vscode from 'vscode';
import { Worker } from 'worker_threads';
import type { FromWorker, GradCheckInfo, SessionSource, Snapshot, ToWebview, ToWorker } from '../../protocol';
import { crashMessage, SessionModel } from './model';
import { streamIntervalMs, typedBytes } from './streamBudget';
import { Throttle } from './throttle';
import { SessionEndedError, UserError } from '../platform/userError';

export interface SessionOptions {
  workerPath: string;
  maxMemoryMb: number;
  /** Progress and snapshot messages per second the panel receives. */
  updateRate: () => number;
}

interface Pending<T> {
  resolve(value: T): void;
  reject(err: Error): void;
}

export class Session implements vscode.Disposable {
  readonly model = new SessionModel();
  /** [input, units…] of the spec the worker loaded. */
  shape: number[] = [];
  /** The text the worker loaded; the session is stale when the document's text differs. */
  loadedText = '';
  stale = false;
  private worker: Worker | undefined;
  private loading: Pending<void> | undefined;
  private loaded: Promise<void> = Promise.resolve();
  /** Loads posted but not yet answered: until the last is, worker messages describe replaced weights. */
  private loadsInFlight = 0;
  private readonly checks = new Map<number, Pending<GradCheckInfo>>();
  private readonly snapshotWaiters: Pending<Snapshot>[] = [];
  private nextRequest = 1;
  /** Workers this session started (a restart after a crash starts another). */
  workersStarted = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly streamed = new vscode.EventEmitter<ToWebview>();
  private readonly crashed = new vscode.EventEmitter<string>();
  private readonly throttle: Throttle<ToWebview>;
  /** Fires when what `panel/state` shows changed (status, stale, check, divergence). */
  readonly onDidChangeState = this.changed.event;
  /** Every message for the panel, progress and snapshots throttled to the update rate. */
  readonly onDidStream = this.streamed.event;
  /**
   * Fires with the message when the worker exits on its own (a crash or out of memory), not when the session is
   * closed.
   */
  readonly onDidCrash = this.crashed.event;

  private streamInterval(key: string): number {
    return streamIntervalMs(key, this.options.updateRate(), typedBytes(this.model.view.snapshot));
  }

  constructor(
    private spec: vscode.Uri,
    private readonly options: SessionOptions,
  ) {
    this.throttle = new Throttle(
      (m) => this.streamed.fire(m),
      (key) => this.streamInterval(key),
      Date.now,
      keepPoints,
    );
  }

  /** The spec file; it changes when the file is renamed or moved while the session lives. */
  get uri(): vscode.Uri {
    return this.spec;
  }

  /** Follows a rename of the spec file (the worker keeps its loaded data; a reset reads from the new path). */
  moveTo(uri: vscode.Uri): void {
    this.spec = uri;
    this.changed.fire();
  }

  /**
   * Starts a worker if there is none, then (re)loads the spec: fresh weights and optimizer. Rejects with a message on
   * spec errors.
   */
  load(source: SessionSource, shape: number[], learningRate: number | undefined): Promise<void> {
    this.throttle.clear();
    this.model.restart(learningRate);
    this.shape = shape;
    this.loadedText = source.text;
    this.setStale(false);
    this.changed.fire();
    // Requests and messages of the weights being replaced must not reach the fresh session.
    this.rejectPending(new UserError('The session was reset before the worker answered.'));
    this.loadsInFlight++;
    this.loading?.reject(new UserError('A newer load replaced this one.'));
    const done = new Promise<void>((resolve, reject) => (this.loading = { resolve, reject }));
    this.loaded = done.then(
      () => undefined,
      () => undefined,
    );
    this.ensureWorker().postMessage({ type: 'session/load', source } satisfies ToWorker);
    return done;
  }

  /** Settles when the latest load has (successfully or not). */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  /** Requests the worker has not answered yet (gradient checks, snapshots). */
  get pendingRequests(): number {
    return this.checks.size + this.snapshotWaiters.length;
  }

  get status() {
    return this.model.view.status;
  }

  /** Trains for the rest of the spec's epochs (or resumes). */
  run(): void {
    this.model.stopRequested = false;
    this.post({ type: 'train/run' });
    if (this.model.setStatus('running')) this.changed.fire();
  }

  pause(): void {
    if (this.status === 'running') this.post({ type: 'train/pause' });
  }

  /** Ends the current run; the weights stay for hovers and write-back. */
  stop(): void {
    if (this.status === 'running') {
      this.model.stopRequested = true;
      this.post({ type: 'train/pause' });
    } else if (this.status === 'paused' || this.status === 'ready') {
      if (this.model.setStatus('done', `Stopped at step ${this.model.view.progress?.step ?? 0}.`)) this.changed.fire();
    }
  }

  step(): void {
    this.post({ type: 'train/step', count: 1 });
    if (this.status === 'ready' || this.status === 'done' || this.status === 'running') {
      if (this.model.setStatus('paused')) this.changed.fire();
    }
  }

  setLearningRate(value: number): void {
    this.post({ type: 'train/setLearningRate', value });
    this.model.view.learningRate = value;
    this.changed.fire();
  }

  /** Gradient-checks the current weights; rejects when the worker fails or exits first. */
  check(eps: number | undefined): Promise<GradCheckInfo> {
    const requestId = this.nextRequest++;
    const result = new Promise<GradCheckInfo>((resolve, reject) => this.checks.set(requestId, { resolve, reject }));
    this.post({ type: 'check/run', requestId, eps });
    return result;
  }

  /** The worker's current weights, fresh (a snapshot may be up to a few hundred ms old). */
  snapshotNow(): Promise<Snapshot> {
    const result = new Promise<Snapshot>((resolve, reject) => this.snapshotWaiters.push({ resolve, reject }));
    this.post({ type: 'snapshot/request' });
    return result;
  }

  setStale(stale: boolean): void {
    if (this.stale === stale) return;
    this.stale = stale;
    this.changed.fire();
  }

  /** Kills the worker as a crash would (tests use it); the session reports it like any crash. */
  terminateWorker(): Promise<number> {
    return this.worker?.terminate() ?? Promise.resolve(0);
  }

  private post(msg: ToWorker): void {
    if (!this.worker)
      throw new UserError(
        `The training session of ${this.uri.fsPath} has ended (${this.model.view.message ?? this.status}); reset ` +
          `to start again.`,
      );
    this.worker.postMessage(msg);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxMemoryMb },
    });
    this.workersStarted++;
    let failure: NodeJS.ErrnoException | undefined;
    worker.on('message', (msg: FromWorker) => this.receive(msg));
    worker.on('error', (err) => (failure = err));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const message = crashMessage(code, failure?.code, failure?.message, this.options.maxMemoryMb);
      this.ended(message);
      this.crashed.fire(message);
    });
    this.worker = worker;
    return worker;
  }

  private receive(msg: FromWorker): void {
    if (msg.type === 'session/loaded') {
      if (--this.loadsInFlight > 0) return;
    } else if (this.loadsInFlight > 0) return;
    const applied = this.model.apply(msg);
    if (msg.type === 'session/loaded') {
      if (msg.result.ok) this.loading?.resolve();
      else this.loading?.reject(new UserError(msg.result.error));
      this.loading = undefined;
    } else if (msg.type === 'check/result') {
      const pending = this.checks.get(msg.requestId);
      this.checks.delete(msg.requestId);
      if (msg.result.ok) pending?.resolve(msg.result.value);
      else pending?.reject(new Error(msg.result.error));
    } else if (msg.type === 'train/snapshot' && msg.snapshot) {
      for (const w of this.snapshotWaiters.splice(0)) w.resolve(msg.snapshot);
    }
    for (const post of applied.posts) {
      if (post.type === 'session/progress' || post.type === 'session/snapshot' || post.type === 'session/boundary')
        this.throttle.offer(post.type, post);
      else this.streamed.fire(post);
    }
    if (applied.stateChanged) this.changed.fire();
  }

  /** The worker is gone: the session ends with `message`, and every waiting request rejects. */
  private ended(message: string): void {
    this.throttle.clear();
    const err = new SessionEndedError(message);
    this.loading?.reject(err);
    this.loading = undefined;
    this.loadsInFlight = 0;
    this.rejectPending(err);
    if (this.model.setStatus('crashed', message)) this.changed.fire();
  }

  private rejectPending(err: Error): void {
    for (const p of this.checks.values()) p.reject(err);
    this.checks.clear();
    for (const w of this.snapshotWaiters.splice(0)) w.reject(err);
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.ended('The training session was closed.');
    void worker?.terminate();
    this.changed.dispose();
    this.streamed.dispose();
    this.crashed.dispose();
  }
}

/**
 * Progress messages held back by the throttle pass their chart points on to the next one, so the panel's curve has no
 * holes.
 */
function keepPoints(older: ToWebview, newer: ToWebview): ToWebview {
  if (older.type === 'session/progress' && newer.type === 'session/progress')
    return { ...newer, points: [...older.points, ...newer.points] };
  return newer;
}
