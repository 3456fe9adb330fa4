// One training session per spec URI: owns its worker thread, its SessionModel and every request it sends; all settle.
import * as vscode from 'vscode';
import { Worker } from 'worker_threads';
import type {
  CellExamples,
  FromWorker,
  GradCheckInfo,
  LoadProgressInfo,
  SessionSource,
  Snapshot,
  ToWebview,
  ToWorker,
} from '../../protocol';
import { crashMessage, SessionModel, type LiveStatus, type SessionReadout } from './model';
import { streamIntervalMs, typedBytes } from './streamBudget';
import { systemClock, Throttle } from './throttle';
import { PendingRequests } from '../platform/pendingRequests';
import { SessionEndedError, UserError } from '../platform/userError';

export interface SessionOptions {
  workerPath: string;
  maxMemoryMb: number;
  /** Progress and snapshot messages per second the panel receives. */
  updateRate: () => number;
  /** Hears a bug (an illegal status change): shown as an internal error, never thrown into the worker's messages. */
  onInternalError: (err: Error) => void;
}

/** The requests a session's worker answers, and what each answer carries. */
interface Answers {
  load: undefined;
  check: GradCheckInfo;
  snapshot: Snapshot;
  cell: CellExamples;
}

export class Session implements vscode.Disposable {
  private readonly model: SessionModel;
  private worker: Worker | undefined;
  private readonly pending = new PendingRequests<Answers>();
  /** The load whose answer the session waits for: until it comes, worker messages describe replaced weights. */
  private awaitedLoad: number | undefined;
  private loaded: Promise<void> = Promise.resolve();
  /** The latest load's shared cancel flag: 1 stops the worker reading its data files. */
  private cancelFlag: Int32Array | undefined;
  private readonly loadProgress = new vscode.EventEmitter<LoadProgressInfo>();
  private started = 0;
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
  /** Fires while the latest load reads its data files (throttled by the worker; only for files). */
  readonly onDidLoadProgress = this.loadProgress.event;

  constructor(
    private spec: vscode.Uri,
    private readonly options: SessionOptions,
  ) {
    this.model = new SessionModel(options.onInternalError);
    this.throttle = new Throttle(
      (m) => this.streamed.fire(m),
      (key) => this.streamIntervalMs(key),
      systemClock,
      keepPoints,
    );
  }

  /** The spec file; it changes when the file is renamed or moved while the session lives. */
  get uri(): vscode.Uri {
    return this.spec;
  }

  /** What the panel, hovers and status bar read (the model is written only by this session). */
  get state(): SessionReadout {
    return this.model;
  }

  get status(): LiveStatus {
    return this.model.status;
  }

  /** [input, units…] of the spec the worker loaded. */
  get shape(): readonly number[] {
    return this.model.shape;
  }

  get stale(): boolean {
    return this.model.stale;
  }

  /** Requests the worker has not answered yet (loads, gradient checks, snapshots). */
  get pendingRequests(): number {
    return this.pending.size;
  }

  /** Workers this session started (a restart after a crash starts another). */
  get workersStarted(): number {
    return this.started;
  }

  /** Milliseconds between two messages of this kind to the panel, from the update rate and the snapshot size. */
  streamIntervalMs(key: string): number {
    return streamIntervalMs(key, this.options.updateRate(), typedBytes(this.model.view.snapshot));
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
    // Requests of the weights being replaced must not reach the fresh session, nor a superseded load.
    this.pending.rejectAll(new UserError('The session was reset before the worker answered.'));
    this.model.restart(source.text, shape, learningRate);
    this.changed.fire();
    const worker = this.ensureWorker();
    const { id, answer } = this.pending.open('load');
    this.awaitedLoad = id;
    this.loaded = answer.then(
      () => undefined,
      () => undefined,
    );
    this.cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    worker.postMessage({ type: 'session/load', requestId: id, source, cancel: this.cancelFlag } satisfies ToWorker);
    return answer;
  }

  /** Stops the latest load between two chunks of its data files; the load then rejects with "Cancelled: …". */
  cancelLoad(): void {
    if (this.cancelFlag) Atomics.store(this.cancelFlag, 0, 1);
  }

  /** Settles when the latest load has (successfully or not). */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  /** Trains for the rest of the spec's epochs (or resumes). */
  run(): void {
    this.post({ type: 'train/run' });
    if (this.model.run()) this.changed.fire();
  }

  pause(): void {
    if (this.status === 'running') this.post({ type: 'train/pause' });
  }

  /** Ends the current run; the weights stay for hovers and write-back. */
  stop(): void {
    const { pauseWorker, changed } = this.model.stop();
    if (pauseWorker) this.post({ type: 'train/pause' });
    if (changed) this.changed.fire();
  }

  step(): void {
    this.post({ type: 'train/step', count: 1 });
    if (this.model.step()) this.changed.fire();
  }

  setLearningRate(value: number): void {
    this.post({ type: 'train/setLearningRate', value });
    this.model.setLearningRate(value);
    this.changed.fire();
  }

  /** Gradient-checks the current weights; rejects when the worker fails or exits first. */
  check(eps: number | undefined): Promise<GradCheckInfo> {
    const worker = this.liveWorker();
    const { id, answer } = this.pending.open('check');
    worker.postMessage({ type: 'check/run', requestId: id, eps } satisfies ToWorker);
    return answer;
  }

  /** The worker's current weights, fresh (a snapshot may be up to a few hundred ms old). */
  snapshotNow(): Promise<Snapshot> {
    const worker = this.liveWorker();
    const { id, answer } = this.pending.open('snapshot');
    worker.postMessage({ type: 'snapshot/request', requestId: id } satisfies ToWorker);
    return answer;
  }

  /** The examples of one confusion-matrix cell at the current weights (image-shaped inputs only). */
  cellExamples(actual: number, predicted: number): Promise<CellExamples> {
    const worker = this.liveWorker();
    const { id, answer } = this.pending.open('cell');
    worker.postMessage({ type: 'images/cell', requestId: id, actual, predicted } satisfies ToWorker);
    return answer;
  }

  /** The spec's text changed to `text`: the session is stale unless it is the loaded text again. */
  textChanged(text: string): void {
    if (this.model.textChanged(text)) this.changed.fire();
  }

  /** The spec now holds `text` for this session (trained weights written back): it is not stale. */
  adoptText(text: string): void {
    if (this.model.adoptText(text)) this.changed.fire();
  }

  /** Kills the worker as a crash would (tests use it); the session reports it like any crash. */
  terminateWorker(): Promise<number> {
    return this.worker?.terminate() ?? Promise.resolve(0);
  }

  private post(msg: ToWorker): void {
    this.liveWorker().postMessage(msg);
  }

  private liveWorker(): Worker {
    if (!this.worker)
      throw new UserError(
        `The training session of ${this.uri.fsPath} has ended (${this.model.view.message ?? this.status}); reset ` +
          `to start again.`,
      );
    return this.worker;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxMemoryMb },
    });
    this.started++;
    let failure: NodeJS.ErrnoException | undefined;
    // A closed session's worker may still deliver messages it posted before it was terminated: they describe a session
    // that has ended (applying one would move it from crashed back to running).
    worker.on('message', (msg: FromWorker) => {
      if (this.worker === worker) this.receive(msg);
    });
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
    if (msg.type === 'load/progress') {
      if (msg.requestId === this.awaitedLoad) this.loadProgress.fire(msg.progress);
      return;
    }
    if (this.awaitedLoad !== undefined) {
      if (msg.type !== 'session/loaded' || msg.requestId !== this.awaitedLoad) return;
      this.awaitedLoad = undefined;
    }
    const applied = this.model.apply(msg);
    if (applied.recycle?.length)
      this.worker?.postMessage(
        { type: 'snapshot/recycle', buffers: applied.recycle } satisfies ToWorker,
        applied.recycle,
      );
    this.settle(msg);
    for (const post of applied.posts) {
      if (post.type === 'session/progress' || post.type === 'session/snapshot' || post.type === 'session/boundary')
        this.throttle.offer(post.type, post);
      else this.streamed.fire(post);
    }
    if (applied.stateChanged) this.changed.fire();
  }

  /** Settles the request a message answers. */
  private settle(msg: FromWorker): void {
    if (msg.type === 'session/loaded') {
      if (msg.result.ok) this.pending.resolve('load', msg.requestId, undefined);
      else this.pending.reject('load', msg.requestId, new UserError(msg.result.error));
    } else if (msg.type === 'check/result') {
      if (msg.result.ok) this.pending.resolve('check', msg.requestId, msg.result.value);
      else this.pending.reject('check', msg.requestId, new Error(msg.result.error));
    } else if (msg.type === 'images/cellExamples') {
      if (msg.result.ok) this.pending.resolve('cell', msg.requestId, msg.result.value);
      else this.pending.reject('cell', msg.requestId, new UserError(msg.result.error));
    } else if (msg.type === 'train/snapshot' && msg.requestId !== undefined && msg.snapshot) {
      this.pending.resolve('snapshot', msg.requestId, msg.snapshot);
    }
  }

  /** The worker is gone: the session ends with `message`, and every waiting request rejects. */
  private ended(message: string): void {
    this.throttle.clear();
    this.awaitedLoad = undefined;
    this.pending.rejectAll(new SessionEndedError(message));
    if (this.model.ended(message)) this.changed.fire();
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.ended('The training session was closed.');
    void worker?.terminate();
    this.changed.dispose();
    this.streamed.dispose();
    this.crashed.dispose();
    this.loadProgress.dispose();
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
