// The worker_threads entry: owns one engine, obeys the host's commands, trains in slices and streams throttled
// progress.
import { parentPort } from 'worker_threads';
import {
  accuracyOf,
  decisionGrid,
  gradientCheck,
  inputBounds,
  layerHealth,
  lossRiseWarning,
  nextSliceSteps,
  Trainer,
  type Dataset,
  type GridBounds,
} from '../engine';
import type {
  BoundaryGrid,
  FromWorker,
  HistoryPoint,
  LossRiseInfo,
  Progress,
  SessionSource,
  Snapshot,
  StepDetail,
  ToWorker,
} from '../protocol';
import { dataChecked } from './dataCheck';
import { cellExamples, imageBuffers, imageSource, imageViews, type ImageSource } from './imageViews';
import { panelBuffers, panelSnapshot } from './panelSnapshot';
import { trainableSpec } from './trainable';
import { DebugTarget } from './debug/target';
import type { LoadMonitor } from '../netspec';
import { appendHistory } from '../shared/history';
import { lowerThreadPriority } from './priority';

/** Work per slice before yielding to the message queue: pause/step/stop land within about this long. */
const SLICE_MS = 8;
const PROGRESS_MS = 50;
/** Load progress messages come at most this often. */
const LOAD_PROGRESS_MS = 100;
const SNAPSHOT_MS = 200;
/** Bytes per second of exact vectors the host receives at most (a W4 network's 16 MB come every two seconds). */
const EXACT_BYTES_PER_SECOND = 8 * 1024 * 1024;
/** Snapshots (full-data loss, pictures of every layer) may take at most this share of a run's time. */
const SNAPSHOT_SHARE = 0.1;
/** Chart points a progress message carries at most: the recording stride grows with the step rate to stay under it. */
const POINTS_PER_PROGRESS = 256;
/** Multiply-adds a gradient check from the editor may spend: a few seconds, so a large network checks a sample. */
const CHECK_BUDGET = 2e9;
/** Cells per side of the decision-boundary grid. */
const BOUNDARY_RESOLUTION = 48;

interface Session {
  trainer: Trainer;
  running: boolean;
  /** The step count at which the current run ends. */
  target: number;
  /** Steps per slice, adapted so a slice lasts about SLICE_MS. */
  slice: number;
  /** Chart points recorded since the last progress message, one every `stride` steps. */
  points: HistoryPoint[];
  stride: number;
  lastProgress: number;
  lastSnapshot: number;
  /** How long the last snapshot took to make, in ms. */
  snapshotCost: number;
  /** When the last snapshot with exact vectors was made. */
  lastExact: number;
  rateFrom: { time: number; step: number };
  stepsPerSecond: number;
  /** For two-input specs: the plane's bounds and the data points drawn on it. */
  plane?: { bounds: GridBounds; inputs: Float64Array; x: Float32Array; y: Float32Array; cls: Float32Array };
  /** For image-shaped inputs: what the image views show. */
  images?: ImageSource;
  /** The training loss at the spec's weights, which later losses are compared with; set before the first step. */
  startLoss?: number;
  /** Set while the latest training loss is far above startLoss. */
  lossRise?: LossRiseInfo;
}

let session: Session | undefined;

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

/** Watches a load's data files: throttled progress to the host, and the host's shared cancel flag. */
function loadMonitor(requestId: number, cancel: Int32Array | undefined): LoadMonitor {
  let last = -Infinity;
  return {
    progress: (progress) => {
      const now = performance.now();
      if (now - last < LOAD_PROGRESS_MS) return;
      last = now;
      post({ type: 'load/progress', requestId, progress });
    },
    cancelled: () => cancel !== undefined && Atomics.load(cancel, 0) === 1,
  };
}

function load(requestId: number, source: SessionSource, cancel?: Int32Array): void {
  session = undefined;
  const loaded = trainableSpec(source, loadMonitor(requestId, cancel));
  if (!loaded.ok) return post({ type: 'session/loaded', requestId, result: loaded });
  const spec = loaded.value;
  const trainer = new Trainer(spec.model, spec.data, source.precision ?? spec.model.training.precision);
  session = {
    trainer,
    running: false,
    target: 0,
    slice: 1,
    points: [],
    stride: 1,
    lastProgress: 0,
    lastSnapshot: 0,
    snapshotCost: 0,
    lastExact: 0,
    rateFrom: { time: performance.now(), step: 0 },
    stepsPerSecond: 0,
    plane: spec.model.input === 2 ? planeOf(spec.data) : undefined,
    images: (spec.inputShape?.length ?? 0) >= 2 ? imageSource(trainer) : undefined,
  };
  post({
    type: 'session/loaded',
    requestId,
    result: {
      ok: true,
      value: { name: spec.name, paramCount: trainer.net.layout.size, stepsPerEpoch: trainer.stepsPerEpoch },
    },
  });
}

/**
 * Runs up to k steps, recording a chart point every `stride` steps (and at the last step, so the curve ends where
 * training is).
 */
function trainRecording(s: Session, k: number): void {
  const t = s.trainer;
  for (let i = 0; i < k && t.trainStep(); i++) {
    if (t.step % s.stride === 0 || i === k - 1) record(s);
  }
}

function record(s: Session, validationLoss?: number): void {
  const t = s.trainer;
  const point: HistoryPoint = { step: t.step, loss: t.lastBatchLoss, gradNorms: Array.from(t.layerGradNorms) };
  if (validationLoss !== undefined) point.validationLoss = validationLoss;
  // Thinned when too dense for the step rate: then record half as often from now on.
  if (appendHistory(s.points, point, POINTS_PER_PROGRESS)) s.stride *= 2;
}

/**
 * Parameters a check can afford: each costs two forward passes over the training rows (about params × rows
 * multiply-adds each). Small networks are checked whole; large ones on a seeded sample of at least 50.
 */
export function affordableSample(params: number, rows: number): number | undefined {
  const n = Math.floor(CHECK_BUDGET / (2 * params * Math.max(rows, 1)));
  return n >= params ? undefined : Math.max(50, n);
}

function progressOf(s: Session): Progress {
  const t = s.trainer;
  return {
    step: t.step,
    epoch: t.epoch,
    totalSteps: Math.max(s.target, t.model.training.epochs * t.stepsPerEpoch),
    batchLoss: t.lastBatchLoss,
    stepsPerSecond: s.stepsPerSecond,
    running: s.running,
    layerGradNorms: Array.from(t.layerGradNorms),
    ...(s.lossRise ? { lossRise: s.lossRise } : {}),
  };
}

/** Records the training loss at the spec's weights before the first step (a snapshot may already have). */
function noteStartLoss(s: Session): void {
  if (s.startLoss === undefined && s.trainer.step === 0) s.startLoss = s.trainer.trainingLoss();
}

/** Compares the full training loss with the one at the start; a snapshot computes it anyway. */
function checkLossRise(s: Session, loss: number): void {
  if (s.trainer.step === 0) s.startLoss = loss;
  const message = s.startLoss === undefined ? undefined : lossRiseWarning(s.startLoss, loss);
  s.lossRise = message && s.startLoss !== undefined ? { from: s.startLoss, to: loss, message } : undefined;
}

/** Time between snapshots: SNAPSHOT_MS, or longer when making one is costly (a large network over a large data set). */
export function snapshotIntervalMs(cost: number): number {
  return Math.max(SNAPSHOT_MS, cost / SNAPSHOT_SHARE);
}

/**
 * Time between two snapshots with exact vectors for the host: a large network's 24 bytes per parameter are
 * allocated and freed by the host each time, and churning them faster makes its garbage collector stall the editor.
 */
export function exactIntervalMs(paramCount: number): number {
  return Math.max(SNAPSHOT_MS, ((paramCount * 24) / EXACT_BYTES_PER_SECOND) * 1000);
}

/**
 * Sends the panel's pictures, and with `exact` (or when the host is due for them) the exact vectors too; `requestId`
 * names the request it answers.
 */
function sendSnapshot(s: Session, exact: boolean, requestId?: number): void {
  const started = performance.now();
  const t = s.trainer;
  const activations = t.model.layers.map((l) => l.activation);
  // Health reads the batch buffers of the last step, so it goes before the loss evaluations overwrite them.
  const health = layerHealth(t.net, activations, t.lastBatchRows().length);
  const scores = t.scores();
  const validationLoss = scores.validation?.loss;
  if (validationLoss !== undefined && t.step > 0) record(s, validationLoss);
  const facts = {
    step: t.step,
    epoch: t.epoch,
    loss: scores.training.loss,
    validationLoss,
    accuracy: accuracyOf(scores.training.metrics),
    validationAccuracy: scores.validation && accuracyOf(scores.validation.metrics),
    health,
  };
  checkLossRise(s, facts.loss);
  // Pictured here, off the host's thread: the host forwards it to the panel as is.
  const panel = panelSnapshot(
    facts,
    { params: t.net.params, grads: t.net.grads, lastUpdate: t.lastUpdate },
    t.net.layout.layers,
  );
  if (s.images) panel.images = imageViews(t, s.images, scores);
  const buffers = [...panelBuffers(panel), ...(panel.images ? imageBuffers(panel.images) : [])];
  let snapshot: Snapshot | undefined;
  if (exact || started - s.lastExact >= exactIntervalMs(t.net.layout.size)) {
    // Copies, so the engine's own buffers are never detached by the transfer.
    snapshot = {
      ...facts,
      params: Float64Array.from(t.net.params),
      grads: Float64Array.from(t.net.grads),
      lastUpdate: Float64Array.from(t.lastUpdate),
    };
    buffers.push(
      snapshot.params.buffer as ArrayBuffer,
      snapshot.grads.buffer as ArrayBuffer,
      snapshot.lastUpdate.buffer as ArrayBuffer,
    );
    s.lastExact = started;
  }
  const message: Extract<FromWorker, { type: 'train/snapshot' }> = { type: 'train/snapshot', panel };
  if (snapshot) message.snapshot = snapshot;
  if (requestId !== undefined) message.requestId = requestId;
  post(message, buffers);
  if (s.plane) sendBoundary(s, s.plane);
  s.lastSnapshot = performance.now();
  s.snapshotCost = s.lastSnapshot - started;
}

/** The two-input plane of a data set: bounds, and each point with its class (argmax of the target row). */
function planeOf(data: Dataset): Session['plane'] {
  const n = data.rows;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const cls = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    x[r] = data.inputs[r * 2];
    y[r] = data.inputs[r * 2 + 1];
    const k = data.outputSize;
    let best = 0;
    for (let c = 1; c < k; c++) if (data.targets[r * k + c] > data.targets[r * k + best]) best = c;
    cls[r] = k === 1 ? data.targets[r] : best;
  }
  return {
    bounds: inputBounds(data.inputs, n, 2),
    inputs: Float64Array.from(data.inputs.subarray(0, n * 2)),
    x,
    y,
    cls,
  };
}

function sendBoundary(s: Session, plane: NonNullable<Session['plane']>): void {
  const values = Float32Array.from(decisionGrid(s.trainer.net, plane.bounds, BOUNDARY_RESOLUTION));
  const pointsX = Float32Array.from(plane.x);
  const pointsY = Float32Array.from(plane.y);
  const pointsClass = Float32Array.from(plane.cls);
  const pointsPredicted = predictedClasses(s.trainer.net, plane);
  const grid: BoundaryGrid = {
    resolution: BOUNDARY_RESOLUTION,
    ...plane.bounds,
    outputs: s.trainer.net.outputSize,
    values,
    pointsX,
    pointsY,
    pointsClass,
    pointsPredicted,
  };
  post({ type: 'train/boundary', grid }, [
    values.buffer,
    pointsX.buffer,
    pointsY.buffer,
    pointsClass.buffer,
    pointsPredicted.buffer,
  ]);
}

/**
 * The network's answer at each data point of the plane: argmax class, or the output itself for one output; NaN where
 * an output is not finite (a diverged network has no answer, and argmax would make one up).
 */
function predictedClasses(
  net: Session['trainer']['net'],
  plane: NonNullable<Session['plane']>,
): Float32Array<ArrayBuffer> {
  const n = plane.x.length;
  const k = net.outputSize;
  const out = net.predict(plane.inputs, n);
  const predicted = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    let best = 0;
    let finite = Number.isFinite(out[p * k]);
    for (let c = 1; c < k; c++) {
      if (out[p * k + c] > out[p * k + best]) best = c;
      finite &&= Number.isFinite(out[p * k + c]);
    }
    predicted[p] = k === 1 ? out[p] : finite ? best : NaN;
  }
  return predicted;
}

/** z, a, dJ/da and dJ/dz of every layer for the last step's batch, read before anything overwrites them. */
function stepDetailOf(t: Trainer): StepDetail {
  const rows = t.lastBatchRows().length;
  const net = t.net;
  const last = t.model.layers.length - 1;
  const layers = t.model.layers.map((_, l) => {
    const v = net.batchView(l);
    const n = rows * net.layout.layers[l].units;
    const copy = (x: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }): Float64Array =>
      Float64Array.from(x.subarray(0, n));
    return { Z: copy(v.Z), A: copy(v.A), dA: l === last && net.outputFused ? undefined : copy(v.dA), dZ: copy(v.dZ) };
  });
  const X = net.batchView(0).X;
  return {
    step: t.step,
    rows: Array.from(t.lastBatchRows()),
    inputs: Float64Array.from(X.subarray(0, rows * net.inputSize)),
    layers,
    fusedOutput: net.outputFused,
  };
}

function report(s: Session, force: boolean): void {
  const now = performance.now();
  if (now - s.rateFrom.time >= 250) {
    s.stepsPerSecond = ((s.trainer.step - s.rateFrom.step) * 1000) / (now - s.rateFrom.time);
    s.rateFrom = { time: now, step: s.trainer.step };
  }
  // Snapshot first: it records the validation loss as a chart point, which this progress message then carries.
  const snapshotDue = force || now - s.lastSnapshot >= snapshotIntervalMs(s.snapshotCost);
  if (snapshotDue) sendSnapshot(s, force);
  if (snapshotDue || now - s.lastProgress >= PROGRESS_MS) {
    post({ type: 'train/progress', progress: progressOf(s), points: s.points });
    s.points = [];
    s.lastProgress = now;
  }
}

function stop(s: Session, reason: 'done' | 'paused' | 'diverged'): void {
  s.running = false;
  report(s, true);
  post({ type: 'train/stopped', reason, divergence: s.trainer.divergence });
}

/** One slice of a run, then yield so queued messages (pause, step, learning rate) are handled. */
function runSlice(): void {
  const s = session;
  if (!s?.running) return;
  const t0 = performance.now();
  trainRecording(s, Math.min(s.slice, s.target - s.trainer.step));
  const dt = performance.now() - t0;
  s.slice = nextSliceSteps(s.slice, dt, SLICE_MS);
  if (s.trainer.divergence) return stop(s, 'diverged');
  if (s.trainer.step >= s.target) return stop(s, 'done');
  report(s, false);
  setImmediate(runSlice);
}

/** A debug session's worker: created on its first debug message, so a training worker never holds one. */
let debugTarget: DebugTarget | undefined;

function handle(msg: ToWorker): void {
  if (msg.type === 'session/load') return load(msg.requestId, msg.source, msg.cancel);
  if (msg.type === 'data/check')
    return post(dataChecked(msg.requestId, msg.source, loadMonitor(msg.requestId, msg.cancel)));
  switch (msg.type) {
    case 'debug/motion':
      return (debugTarget ??= new DebugTarget(post)).motion(msg.motion);
    case 'debug/start':
    case 'debug/breakpoints':
    case 'debug/variables':
    case 'debug/evaluate':
    case 'debug/setVariable':
    case 'debug/dataInfo':
      return (debugTarget ??= new DebugTarget(post)).request(msg);
  }
  const s = session;
  if (!s) return post({ type: 'worker/error', message: `"${msg.type}" before a spec was loaded` });
  switch (msg.type) {
    case 'train/run': {
      noteStartLoss(s);
      const t = s.trainer;
      const runLength = t.model.training.epochs * t.stepsPerEpoch;
      // Train after a finished run trains the spec's epochs once more rather than a single step.
      s.target = msg.steps !== undefined ? t.step + msg.steps : t.step < runLength ? runLength : t.step + runLength;
      if (!s.running) {
        s.running = true;
        s.rateFrom = { time: performance.now(), step: t.step };
        setImmediate(runSlice);
      }
      return;
    }
    case 'train/pause':
      if (s.running) stop(s, 'paused');
      return;
    case 'train/step':
      if (s.running) stop(s, 'paused');
      noteStartLoss(s);
      trainRecording(s, msg.count);
      if (s.trainer.divergence) return stop(s, 'diverged');
      if (msg.count === 1) post({ type: 'train/stepDetail', detail: stepDetailOf(s.trainer) });
      return report(s, true);
    case 'train/reset':
      s.running = false;
      s.trainer.reset();
      s.points = [];
      s.stride = 1;
      s.startLoss = undefined;
      s.lossRise = undefined;
      return report(s, true);
    case 'train/setLearningRate':
      s.trainer.optimizer.learningRate = msg.value;
      return;
    case 'check/run':
      try {
        const t = s.trainer;
        const sample = msg.sample ?? affordableSample(t.net.layout.size, t.rows.train.length);
        const value = gradientCheck(t.model, t.data, t.net.params, { eps: msg.eps, sample });
        post({ type: 'check/result', requestId: msg.requestId, result: { ok: true, value } });
      } catch (err) {
        post({
          type: 'check/result',
          requestId: msg.requestId,
          result: { ok: false, error: `Internal error while checking gradients: ${String(err)}` },
        });
      }
      return;
    case 'snapshot/request':
      return sendSnapshot(s, true, msg.requestId);
    case 'images/cell': {
      const { requestId, actual, predicted } = msg;
      if (!s.images)
        return post({
          type: 'images/cellExamples',
          requestId,
          result: { ok: false, error: 'The spec has no image-shaped inputs (inputShape), so no confusion matrix.' },
        });
      try {
        const examples = cellExamples(s.trainer, s.images, actual, predicted);
        return post({ type: 'images/cellExamples', requestId, result: { ok: true, value: examples } }, [
          examples.samples.pixels.buffer as ArrayBuffer,
        ]);
      } catch (err) {
        return post({ type: 'images/cellExamples', requestId, result: { ok: false, error: String(err) } });
      }
    }
    default: {
      const unknown: never = msg;
      post({ type: 'worker/error', message: `unknown message ${JSON.stringify(unknown)}` });
    }
  }
}

if (parentPort) lowerThreadPriority();

parentPort?.on('message', (msg: ToWorker) => {
  try {
    handle(msg);
  } catch (err) {
    post({
      type: 'worker/error',
      message:
        `Internal error while handling "${msg.type}": ` +
        `${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    });
  }
});
