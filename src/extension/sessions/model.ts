// A session's state as the panel, hovers and status bar see it, driven by worker messages. Pure: no VS Code, no Worker.
import type {
  DivergenceInfo,
  FromWorker,
  GradCheckInfo,
  ParamRef,
  ParamValue,
  SessionStatus,
  SessionView,
  Snapshot,
  ToWebview,
} from '../../protocol';
import { ParamLayout } from '../../shared/paramLayout';
import { GradientRing } from './gradientRing';
import { appendHistory } from '../../shared/history';

/** Snapshots whose gradients a hover's sparkline draws. */
export const GRADIENT_HISTORY = 30;

/** The statuses a live session goes through ('none', the panel's word for no session, is not one of them). */
export type LiveStatus = Exclude<SessionStatus, 'none'>;

/**
 * The session lifecycle: where each status may go next. Staying in a status (a new message, the same status) is
 * always allowed; a reload (`loading`) and the worker's end (`crashed`) may happen from anywhere. Staleness (the spec
 * edited since the load) is a separate flag: any status can be stale.
 */
export const TRANSITIONS: Readonly<Record<LiveStatus, readonly LiveStatus[]>> = {
  // The worker's answer to the load.
  loading: ['ready', 'error'],
  // Train; Step (a paused session holds a step's state); Stop before any step; a worker failure.
  ready: ['running', 'paused', 'done', 'error'],
  // Pause, Step or Stop, the end of the epochs, a non-finite value.
  running: ['paused', 'done', 'diverged', 'error'],
  // Resume (progress still queued from before a Step also says running); Stop; a step that diverged.
  paused: ['running', 'done', 'diverged', 'error'],
  // Train again (the spec's epochs once more) or Step.
  done: ['running', 'paused', 'error'],
  // Train again re-reports the divergence (the network stays non-finite until Reset).
  diverged: ['running', 'error'],
  // Only a reload (Reset, Restart, the next command) leaves these.
  error: [],
  crashed: [],
};

/** A status change the lifecycle does not allow: a bug in the host or the worker. */
export class IllegalTransition extends Error {
  constructor(from: LiveStatus, to: LiveStatus) {
    super(`Internal error while changing a training session's status: ${from} → ${to} is not a transition`);
  }
}

/** Whether the lifecycle allows going from `from` to `to`. */
export function isTransition(from: LiveStatus, to: LiveStatus): boolean {
  return from === to || to === 'loading' || to === 'crashed' || TRANSITIONS[from].includes(to);
}

/**
 * What applying a worker message did: messages to stream to the panel, whether `panel/state` must be resent, and the
 * buffers of exact snapshots nothing reads any more, to hand back to the worker.
 */
export interface Applied {
  posts: ToWebview[];
  stateChanged: boolean;
  recycle?: ArrayBuffer[];
}

/** What everyone but the session reads of its state. */
export interface SessionReadout {
  readonly view: Readonly<SessionView>;
  readonly status: LiveStatus;
  readonly snapshot: Snapshot | undefined;
  readonly divergence: DivergenceInfo | undefined;
  readonly shape: readonly number[];
  readonly stale: boolean;
  /** The gradient of flat parameter `index` over the last GRADIENT_HISTORY exact snapshots, oldest first. */
  gradientHistory(index: number): number[];
  inspect(ref: ParamRef): ParamValue | undefined;
}

/**
 * One session's state, the only writer of its fields: the status moves through TRANSITIONS; everything else follows
 * the worker's messages and the user's commands.
 */
export class SessionModel implements SessionReadout {
  private current: SessionView & { status: LiveStatus } = { status: 'loading', history: [] };
  private latest?: Snapshot;
  private diverged?: DivergenceInfo;
  /** Set by Stop during a run: the worker's next "paused" ends the run as done instead. */
  private stopRequested = false;
  private loadedShape: number[] = [];
  private loadedSpecText = '';
  private isStale = false;
  private readonly gradients = new GradientRing(GRADIENT_HISTORY);
  /**
   * The exact vectors only this model holds: those of the worker's own snapshots. A requested snapshot's also belong
   * to whoever asked for it (a write-back, an export), so they are never handed back.
   */
  private readonly owned = new WeakSet<Float64Array>();

  /** `onIllegal` hears a transition the lifecycle forbids (it is still made); by default it throws. */
  constructor(
    private readonly onIllegal: (err: IllegalTransition) => void = (err) => {
      throw err;
    },
  ) {}

  /** What the panel shows; change it only through this model. */
  get view(): Readonly<SessionView> {
    return this.current;
  }

  get status(): LiveStatus {
    return this.current.status;
  }

  /** The latest exact snapshot, for hovers and write-back (the view holds the panel's pictured form, often newer). */
  get snapshot(): Snapshot | undefined {
    return this.latest;
  }

  get divergence(): DivergenceInfo | undefined {
    return this.diverged;
  }

  /** [input, units…] of the spec the worker loaded. */
  get shape(): readonly number[] {
    return this.loadedShape;
  }

  /** The text the worker loaded. */
  get loadedText(): string {
    return this.loadedSpecText;
  }

  /** The spec's text differs from the loaded one: training goes on with the old network until a reset. */
  get stale(): boolean {
    return this.isStale;
  }

  gradientHistory(index: number): number[] {
    return this.gradients.historyOf(index);
  }

  /** A fresh load of `text`: history, step view, check and divergence are dropped. */
  restart(text: string, shape: number[], learningRate: number | undefined): void {
    this.moveTo('loading');
    this.current = { status: 'loading', history: [], learningRate };
    this.latest = undefined;
    this.diverged = undefined;
    this.stopRequested = false;
    this.loadedShape = shape;
    this.loadedSpecText = text;
    this.isStale = false;
    this.gradients.clear();
  }

  /** The spec's text is now `text`; true when that changed whether the session is stale. */
  textChanged(text: string): boolean {
    const stale = text !== this.loadedSpecText;
    if (stale === this.isStale) return false;
    this.isStale = stale;
    return true;
  }

  /** Shows `message` as the session's warning (none when undefined); true when that changed. */
  private setWarning(message: string | undefined): boolean {
    const warning = message && `${message[0].toUpperCase()}${message.slice(1)}. Lower it and reset.`;
    if (this.current.warning === warning) return false;
    if (warning === undefined) delete this.current.warning;
    else this.current.warning = warning;
    return true;
  }

  /** The spec now holds `text` on the session's behalf (its weights were written back): not stale. */
  adoptText(text: string): boolean {
    this.loadedSpecText = text;
    return this.textChanged(text);
  }

  /** Train (or resume) was sent to the worker; true when the status changed. */
  run(): boolean {
    this.stopRequested = false;
    return this.moveTo('running');
  }

  /**
   * Stop: a run is asked to pause (and then ends as done); a paused or ready session is done at once. `pauseWorker`
   * says whether the worker must be told.
   */
  stop(): { pauseWorker: boolean; changed: boolean } {
    const status = this.current.status;
    if (status === 'running') {
      this.stopRequested = true;
      return { pauseWorker: true, changed: false };
    }
    if (status === 'paused' || status === 'ready')
      return { pauseWorker: false, changed: this.moveTo('done', `Stopped at step ${this.stepsDone()}.`) };
    return { pauseWorker: false, changed: false };
  }

  /** A single step was sent to the worker: the session holds still after it. */
  step(): boolean {
    const status = this.current.status;
    return status === 'ready' || status === 'done' || status === 'running' ? this.moveTo('paused') : false;
  }

  setLearningRate(value: number): void {
    this.current.learningRate = value;
  }

  /** The worker is gone (a crash, out of memory, or the session was closed); true when that changed the status. */
  ended(message: string): boolean {
    return this.moveTo('crashed', message);
  }

  apply(msg: FromWorker): Applied {
    const none: Applied = { posts: [], stateChanged: false };
    switch (msg.type) {
      case 'session/loaded':
        return {
          posts: [],
          stateChanged: msg.result.ok ? this.moveTo('ready') : this.moveTo('error', msg.result.error),
        };
      case 'train/progress': {
        this.current.progress = msg.progress;
        for (const point of msg.points) appendHistory(this.current.history, point);
        const changed = msg.progress.running ? this.moveTo('running') : false;
        return {
          posts: [{ type: 'session/progress', progress: msg.progress, points: msg.points }],
          stateChanged: this.setWarning(msg.progress.lossRise?.message) || changed,
        };
      }
      case 'train/snapshot':
        this.current.snapshot = msg.panel;
        return {
          posts: [{ type: 'session/snapshot', snapshot: msg.panel }],
          stateChanged: false,
          ...(msg.snapshot ? { recycle: this.keepExact(msg.snapshot, msg.requestId === undefined) } : {}),
        };
      case 'train/stepDetail':
        this.current.stepDetail = msg.detail;
        return { posts: [{ type: 'session/stepDetail', detail: msg.detail }], stateChanged: false };
      case 'train/boundary':
        this.current.boundary = msg.grid;
        return { posts: [{ type: 'session/boundary', grid: msg.grid }], stateChanged: false };
      case 'train/stopped':
        return { posts: [], stateChanged: this.stopped(msg.reason, msg.divergence) };
      case 'check/result':
        return msg.result.ok ? this.setCheck(msg.result.value) : none;
      case 'worker/error':
        return { posts: [], stateChanged: this.moveTo('error', msg.message) };
      // The answer to one panel's question, which the session hands to the panel that asked.
      case 'images/cellExamples':
      case 'data/checked':
      case 'data/cancelled':
      case 'debug/reply':
      case 'debug/stopped':
        // A session's worker is never asked to check data (the editor's data checks have their own worker) nor to
        // debug (a debug session has a worker of its own).
        return none;
      case 'load/progress':
        // The session shows it in its load's notification; the panel's state does not change.
        return none;
      default: {
        const unknown: never = msg;
        throw new Error(`Internal error while reading a worker message: ${JSON.stringify(unknown)}`);
      }
    }
  }

  /**
   * One parameter's exact numbers in the latest snapshot, for the panel (which holds large layers only as pictures);
   * undefined before the first snapshot or for a parameter outside the loaded network.
   */
  inspect(ref: ParamRef): ParamValue | undefined {
    const snap = this.latest;
    const shape = this.loadedShape;
    const i = ParamLayout.ofShape(shape).indexOf(ref);
    if (!snap || i < 0 || i >= snap.params.length) return undefined;
    return { ref, step: snap.step, value: snap.params[i], grad: snap.grads[i], update: snap.lastUpdate[i] };
  }

  /**
   * Makes `snapshot` the latest exact one and keeps its gradients; returns the buffers this leaves unread (those of
   * the previous latest snapshot, and the gradients that fall out of the history) that this model alone held.
   */
  private keepExact(snapshot: Snapshot, owned: boolean): ArrayBuffer[] {
    const previous = this.latest;
    this.latest = snapshot;
    if (owned) for (const v of [snapshot.params, snapshot.grads, snapshot.lastUpdate]) this.owned.add(v);
    const unread = [previous?.params, previous?.lastUpdate, this.gradients.push(snapshot.grads)];
    return unread.flatMap((v) => (v && this.owned.delete(v) ? [v.buffer as ArrayBuffer] : []));
  }

  /** Records a gradient check's result. */
  private setCheck(result: GradCheckInfo): Applied {
    this.current.gradCheck = result;
    return { posts: [{ type: 'session/check', result }], stateChanged: true };
  }

  private stepsDone(): number {
    return this.current.progress?.step ?? 0;
  }

  /** The one place the status changes: checked against the lifecycle. True when the status or its message changed. */
  private moveTo(status: LiveStatus, message?: string): boolean {
    const from = this.current.status;
    if (from === status && this.current.message === message) return false;
    if (!isTransition(from, status)) this.onIllegal(new IllegalTransition(from, status));
    this.current.status = status;
    if (message === undefined) delete this.current.message;
    else this.current.message = message;
    return true;
  }

  private stopped(reason: 'done' | 'paused' | 'diverged', divergence: DivergenceInfo | undefined): boolean {
    if (reason === 'diverged' && divergence) {
      this.diverged = divergence;
      return this.moveTo('diverged', `${divergence.message} (layer "${divergence.layerName}")`);
    }
    if (reason === 'paused' && !this.stopRequested) return this.moveTo('paused');
    const stopped = this.stopRequested;
    this.stopRequested = false;
    return this.moveTo('done', stopped ? `Stopped at step ${this.stepsDone()}.` : `Trained ${this.stepsDone()} steps.`);
  }
}

/** What to tell the user when a worker exits on its own: its exit code, and the error it raised (if any). */
export function crashMessage(
  exitCode: number,
  errorCode: string | undefined,
  errorMessage: string | undefined,
  maxMemoryMb: number,
): string {
  if (errorCode === 'ERR_WORKER_OUT_OF_MEMORY') {
    return (
      `The training worker ran out of memory (limit ${maxMemoryMb} MB, setting backprop.worker.maxMemoryMb). ` +
      'Use a smaller network or batch, or raise the limit.'
    );
  }
  const detail = errorMessage ? `: ${errorMessage}` : '';
  return `The training worker stopped unexpectedly (exit code ${exitCode})${detail}. Restart to start a new session.`;
}
