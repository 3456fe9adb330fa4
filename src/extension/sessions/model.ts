// A session's state as the panel, hovers and status bar see it, driven by worker messages. Pure: no VS Code, no Worker.
import type {
  DivergenceInfo,
  FromWorker,
  GradCheckInfo,
  ParamRefInfo,
  ParamValue,
  SessionStatus,
  SessionView,
  Snapshot,
  ToWebview,
} from '../../protocol';
import { ParamLayout } from '../../engine/paramLayout';
import { GradientRing } from './gradientRing';
import { appendPoint } from './chartHistory';

/** Snapshots whose gradients a hover's sparkline draws. */
export const GRADIENT_HISTORY = 30;

/** What applying a worker message did: messages to stream to the panel, and whether `panel/state` must be resent. */
export interface Applied {
  posts: ToWebview[];
  stateChanged: boolean;
}

export class SessionModel {
  view: SessionView = { status: 'loading', history: [] };
  /** The latest exact snapshot, for hovers and write-back (the view holds the panel's pictured form, often newer). */
  snapshot?: Snapshot;
  divergence?: DivergenceInfo;
  readonly gradients = new GradientRing(GRADIENT_HISTORY);
  /** Set by Stop: the worker's next "paused" ends the run as done instead. */
  stopRequested = false;

  /** Sets the status (and message); true when it changed. */
  setStatus(status: SessionStatus, message?: string): boolean {
    if (this.view.status === status && this.view.message === message) return false;
    this.view.status = status;
    if (message === undefined) delete this.view.message;
    else this.view.message = message;
    return true;
  }

  /** Shows `message` as the session's warning (none when undefined); true when that changed. */
  private setWarning(message: string | undefined): boolean {
    const warning = message && `${message[0].toUpperCase()}${message.slice(1)}. Lower it and reset.`;
    if (this.view.warning === warning) return false;
    if (warning === undefined) delete this.view.warning;
    else this.view.warning = warning;
    return true;
  }

  /** Back to a fresh load: history, step view, check and divergence are dropped. */
  restart(learningRate: number | undefined): void {
    this.view = { status: 'loading', history: [], learningRate };
    this.snapshot = undefined;
    this.divergence = undefined;
    this.stopRequested = false;
    this.gradients.clear();
  }

  apply(msg: FromWorker): Applied {
    const none: Applied = { posts: [], stateChanged: false };
    switch (msg.type) {
      case 'session/loaded':
        return {
          posts: [],
          stateChanged: msg.result.ok ? this.setStatus('ready') : this.setStatus('error', msg.result.error),
        };
      case 'train/progress': {
        this.view.progress = msg.progress;
        for (const point of msg.points) appendPoint(this.view.history, point);
        const changed = msg.progress.running && this.view.status !== 'running' ? this.setStatus('running') : false;
        return {
          posts: [{ type: 'session/progress', progress: msg.progress, points: msg.points }],
          stateChanged: this.setWarning(msg.progress.lossRise?.message) || changed,
        };
      }
      case 'train/snapshot':
        this.view.snapshot = msg.panel;
        if (msg.snapshot) {
          this.snapshot = msg.snapshot;
          this.gradients.push(msg.snapshot.grads);
        }
        return { posts: [{ type: 'session/snapshot', snapshot: msg.panel }], stateChanged: false };
      case 'train/stepDetail':
        this.view.stepDetail = msg.detail;
        return { posts: [{ type: 'session/stepDetail', detail: msg.detail }], stateChanged: false };
      case 'train/boundary':
        this.view.boundary = msg.grid;
        return { posts: [{ type: 'session/boundary', grid: msg.grid }], stateChanged: false };
      case 'train/stopped':
        return { posts: [], stateChanged: this.stopped(msg.reason, msg.divergence) };
      case 'check/result':
        return msg.result.ok ? this.setCheck(msg.result.value) : none;
      case 'worker/error':
        return { posts: [], stateChanged: this.setStatus('error', msg.message) };
      default: {
        const unknown: never = msg;
        throw new Error(`Internal error while reading a worker message: ${JSON.stringify(unknown)}`);
      }
    }
  }

  /**
   * One parameter's exact numbers in the latest snapshot, for the panel (which holds large layers only as pictures).
   * `shape` is the session's [input, units…]; undefined before the first snapshot or for a parameter outside it.
   */
  inspect(ref: ParamRefInfo, shape: readonly number[]): ParamValue | undefined {
    const snap = this.snapshot;
    const fanIn = shape[ref.layer];
    const units = shape[ref.layer + 1];
    if (
      !snap ||
      fanIn === undefined ||
      units === undefined ||
      ref.row >= units ||
      (ref.kind === 'weight' && ref.col >= fanIn)
    )
      return undefined;
    const i = ParamLayout.ofShape(shape).indexOf(ref);
    if (i >= snap.params.length) return undefined;
    return { ref, step: snap.step, value: snap.params[i], grad: snap.grads[i], update: snap.lastUpdate[i] };
  }

  /** Records a gradient check's result. */
  setCheck(result: GradCheckInfo): Applied {
    this.view.gradCheck = result;
    return { posts: [{ type: 'session/check', result }], stateChanged: true };
  }

  private stopped(reason: 'done' | 'paused' | 'diverged', divergence: DivergenceInfo | undefined): boolean {
    if (reason === 'diverged' && divergence) {
      this.divergence = divergence;
      return this.setStatus('diverged', `${divergence.message} (layer "${divergence.layerName}")`);
    }
    if (reason === 'paused' && !this.stopRequested) return this.setStatus('paused');
    const step = this.view.progress?.step ?? 0;
    const stopped = this.stopRequested;
    this.stopRequested = false;
    return this.setStatus('done', stopped ? `Stopped at step ${step}.` : `Trained ${step} steps.`);
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
