// A loaded training session: one trainer, trained in slices that yield to the message queue between them, with the
// chart points, progress, snapshots and warnings it streams to the host. Its run state lives here and nowhere else;
// the thread it runs on (posting, the clock, scheduling the next slice) is handed in, so it runs in a test as well.
import { nextSliceSteps, Trainer } from '../../engine';
import type { LoadMonitor } from '../../netspec';
import type { FromWorker, Progress, SessionSource } from '../../protocol';
import { cellExamples, imageSource, type ImageSource } from '../imageViews';
import { trainableSpec } from '../trainable';
import { boundaryBuffers, boundaryGrid, planeOf, type Plane } from './boundary';
import { ChartPoints } from './chartPoints';
import { checkAnswer } from './gradientCheck';
import { LossWatch } from './lossWatch';
import type { ExactBuffers } from './exactBuffers';
import { Pacer } from './pacing';
import { exactSnapshot, panelPictures, scoredFacts } from './snapshots';
import { stepDetailOf } from './stepDetail';

/** Work per slice before yielding to the message queue: pause/step/stop land within about this long. */
const SLICE_MS = 8;

/** What a session needs from the thread it runs on. */
export interface SessionThread {
  post(message: FromWorker, transfer?: ArrayBuffer[]): void;
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Runs `task` after the messages already queued are handled. */
  schedule(task: () => void): void;
  /** The buffers of exact snapshots the host has finished reading, to write the next ones into. */
  readonly exactBuffers: ExactBuffers;
}

/**
 * The step count at which a run from `step` ends: `steps` more when given; otherwise the spec's `runLength`, and
 * after a finished run the spec's epochs once more (rather than a single step).
 */
export function runTarget(step: number, runLength: number, steps?: number): number {
  if (steps !== undefined) return step + steps;
  return step < runLength ? runLength : step + runLength;
}

/** Loads `source` and answers `requestId` with what loaded or why it could not; the session when it loaded. */
export function loadSession(
  requestId: number,
  source: SessionSource,
  monitor: LoadMonitor,
  thread: SessionThread,
): TrainingSession | undefined {
  const loaded = trainableSpec(source, monitor);
  if (!loaded.ok) {
    thread.post({ type: 'session/loaded', requestId, result: loaded });
    return undefined;
  }
  const spec = loaded.value;
  const trainer = new Trainer(spec.model, spec.data, source.precision ?? spec.model.training.precision);
  const session = new TrainingSession(
    trainer,
    thread,
    spec.model.input === 2 ? planeOf(spec.data) : undefined,
    (spec.inputShape?.length ?? 0) >= 2 ? imageSource(trainer) : undefined,
  );
  const value = { name: spec.name, paramCount: trainer.net.layout.size, stepsPerEpoch: trainer.stepsPerEpoch };
  thread.post({ type: 'session/loaded', requestId, result: { ok: true, value } });
  return session;
}

export class TrainingSession {
  private running = false;
  /**
   * The current run's number: a slice scheduled by an earlier run (paused, reset or replaced in the same turn as the
   * next Train) sees another number and ends, so one chain of slices trains at a time.
   */
  private runs = 0;
  /** The step count at which the current run ends. */
  private target = 0;
  /** Steps per slice, adapted so a slice lasts about SLICE_MS. */
  private slice = 1;
  private readonly chart = new ChartPoints();
  private readonly lossWatch = new LossWatch();
  private readonly pacer: Pacer;

  /**
   * `plane` for two-input specs (the decision boundary is drawn on it), `images` for image-shaped inputs (what the
   * image views show).
   */
  constructor(
    private readonly trainer: Trainer,
    private readonly thread: SessionThread,
    private readonly plane?: Plane,
    private readonly images?: ImageSource,
  ) {
    this.pacer = new Pacer(thread.now());
  }

  /** Trains to `runTarget`, in slices, until done, paused or diverged. */
  run(steps?: number): void {
    this.noteStartLoss();
    const t = this.trainer;
    this.target = runTarget(t.step, t.model.training.epochs * t.stepsPerEpoch, steps);
    if (this.running) return;
    this.running = true;
    this.pacer.startRate(this.thread.now(), t.step);
    const run = ++this.runs;
    this.thread.schedule(() => this.runSlice(run));
  }

  pause(): void {
    if (this.running) this.stop('paused');
  }

  /** `count` steps at once (pausing a run first); a single step also sends the step view. */
  step(count: number): void {
    if (this.running) this.stop('paused');
    this.noteStartLoss();
    this.trainRecording(count);
    if (this.trainer.divergence) return this.stop('diverged');
    if (count === 1) this.thread.post({ type: 'train/stepDetail', detail: stepDetailOf(this.trainer) });
    this.report(true);
  }

  /** Back to the spec's weights and a fresh curve. */
  reset(): void {
    this.running = false;
    this.trainer.reset();
    this.chart.reset();
    this.lossWatch.reset();
    this.report(true);
  }

  setLearningRate(value: number): void {
    this.trainer.optimizer.learningRate = value;
  }

  checkGradients(requestId: number, eps?: number, sample?: number): void {
    this.thread.post(checkAnswer(this.trainer, requestId, eps, sample));
  }

  /** A snapshot now, exact vectors included, answering `requestId`. */
  snapshot(requestId: number): void {
    this.sendSnapshot(true, requestId);
  }

  /** The images of one confusion-matrix cell: those of class `actual` the network calls `predicted`. */
  cellExamples(requestId: number, actual: number, predicted: number): void {
    if (!this.images) {
      const error = 'The spec has no image-shaped inputs (inputShape), so no confusion matrix.';
      return this.thread.post({ type: 'images/cellExamples', requestId, result: { ok: false, error } });
    }
    try {
      const examples = cellExamples(this.trainer, this.images, actual, predicted);
      this.thread.post({ type: 'images/cellExamples', requestId, result: { ok: true, value: examples } }, [
        examples.samples.pixels.buffer as ArrayBuffer,
      ]);
    } catch (err) {
      this.thread.post({ type: 'images/cellExamples', requestId, result: { ok: false, error: String(err) } });
    }
  }

  /** Ends a run without a word: the session is being replaced, and its pending slice must not train on. */
  dispose(): void {
    this.running = false;
  }

  /** One slice of a run, then yield so queued messages (pause, step, learning rate) are handled. */
  private runSlice(run: number): void {
    if (!this.running || run !== this.runs) return;
    const t = this.trainer;
    const t0 = this.thread.now();
    this.trainRecording(Math.min(this.slice, this.target - t.step));
    this.slice = nextSliceSteps(this.slice, this.thread.now() - t0, SLICE_MS);
    if (t.divergence) return this.stop('diverged');
    if (t.step >= this.target) return this.stop('done');
    this.report(false);
    this.thread.schedule(() => this.runSlice(run));
  }

  /** Runs up to k steps, recording the chart's points (and the last step, so the curve ends where training is). */
  private trainRecording(k: number): void {
    const t = this.trainer;
    for (let i = 0; i < k && t.trainStep(); i++) {
      if (this.chart.due(t.step) || i === k - 1) this.chart.record(t);
    }
  }

  /** Records the training loss at the spec's weights before the first step (a snapshot may already have). */
  private noteStartLoss(): void {
    this.lossWatch.noteStart(this.trainer.step, () => this.trainer.trainingLoss());
  }

  private stop(reason: 'done' | 'paused' | 'diverged'): void {
    this.running = false;
    this.report(true);
    this.thread.post({ type: 'train/stopped', reason, divergence: this.trainer.divergence });
  }

  /** Progress when due, a snapshot when due; both when `force` (a run's end, a step, a reset). */
  private report(force: boolean): void {
    const now = this.thread.now();
    this.pacer.measureRate(now, this.trainer.step);
    // Snapshot first: it records the validation loss as a chart point, which this progress message then carries.
    const snapshotDue = force || this.pacer.snapshotDue(now);
    if (snapshotDue) this.sendSnapshot(force);
    if (snapshotDue || this.pacer.progressDue(now)) {
      this.thread.post({ type: 'train/progress', progress: this.progress(), points: this.chart.take() });
      this.pacer.progressSent(now);
    }
  }

  private progress(): Progress {
    const t = this.trainer;
    const rise = this.lossWatch.rise;
    return {
      step: t.step,
      epoch: t.epoch,
      totalSteps: Math.max(this.target, t.model.training.epochs * t.stepsPerEpoch),
      batchLoss: t.lastBatchLoss,
      stepsPerSecond: this.pacer.stepsPerSecond,
      running: this.running,
      layerGradNorms: Array.from(t.layerGradNorms),
      ...(rise ? { lossRise: rise } : {}),
    };
  }

  /**
   * Sends the panel's pictures, and with `exact` (or when the host is due for them) the exact vectors too, then the
   * decision boundary of a two-input spec; `requestId` names the request it answers.
   */
  private sendSnapshot(exact: boolean, requestId?: number): void {
    const started = this.thread.now();
    const t = this.trainer;
    const scored = scoredFacts(t);
    const { validationLoss, loss } = scored.facts;
    if (validationLoss !== undefined && t.step > 0) this.chart.record(t, validationLoss);
    this.lossWatch.check(t.step, loss);
    const { panel, buffers } = panelPictures(t, scored, this.images);
    const message: Extract<FromWorker, { type: 'train/snapshot' }> = { type: 'train/snapshot', panel };
    if (exact || this.pacer.exactDue(started, t.net.layout.size)) {
      const exactPart = exactSnapshot(t, scored.facts, this.thread.exactBuffers);
      message.snapshot = exactPart.snapshot;
      buffers.push(...exactPart.buffers);
      this.pacer.exactSent(started);
    }
    if (requestId !== undefined) message.requestId = requestId;
    this.thread.post(message, buffers);
    if (this.plane) {
      const grid = boundaryGrid(t.net, this.plane);
      this.thread.post({ type: 'train/boundary', grid }, boundaryBuffers(grid));
    }
    this.pacer.snapshotMade(started, this.thread.now());
  }
}
