// Every message between the extension host and the panel's webview: the one shared vocabulary. Imports only types
// of the runtime-free core (src/shared).
import type { ParamRef } from './shared/paramLayout';
import type { Divergence, GradCheckRow } from './shared/reports';

export type { ParamRef };

/** One layer as the panel draws it. */
export interface LayerSummary {
  name: string;
  units: number;
  activation: string;
}

/** Error and warning counts of the spec's current text. */
export interface ProblemCounts {
  errors: number;
  warnings: number;
}

/** The facts of the last valid parse that the panel shows. */
export interface SpecSummary {
  name: string;
  input: number;
  inputNames?: string[];
  /** Output class names when the data names them (CSV one-hot). */
  classNames?: string[];
  layers: LayerSummary[];
  loss: string;
  optimizer: string;
  learningRate: number;
  batchSize: number;
  epochs: number;
  hasValidation: boolean;
  /** The shape of one input row when it is an image ([h, w] or [h, w, c]): the panel then shows the image views. */
  inputShape?: number[];
  /** Parameters in the engine's flat layout: per layer W [units, fanIn] row-major, then b [units]. */
  paramCount: number;
}

export type SessionStatus =
  'none' | 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'diverged' | 'crashed' | 'error';

/** One point of the loss and gradient-norm charts. */
export interface HistoryPoint {
  step: number;
  /** Loss of the step's mini-batch (with L2). */
  loss: number;
  validationLoss?: number;
  /** ‖dJ/dθ‖₂ per layer at that step. */
  gradNorms: number[];
}

/** Everything the panel shows about a spec's training session; the host keeps it while the panel is closed. */
export interface SessionView {
  status: SessionStatus;
  /** Why it stopped (divergence, crash, load error), ready to show. */
  message?: string;
  /** Something wrong with the run that does not stop it (the loss rising far above its start), ready to show. */
  warning?: string;
  progress?: Progress;
  snapshot?: PanelSnapshot;
  /** Downsampled to at most a few thousand points, oldest first. */
  history: HistoryPoint[];
  stepDetail?: StepDetail;
  gradCheck?: GradCheckInfo;
  boundary?: BoundaryGrid;
  learningRate?: number;
}

/** Everything the panel shows, sent whole so a rebuilt webview needs nothing else. */
export interface PanelState {
  /** The spec's file name, e.g. `xor.nn.json`. */
  fileName: string;
  /** The last valid parse; absent when the spec never parsed. */
  spec?: SpecSummary;
  problems: ProblemCounts;
  /** The current text has errors, so `spec` comes from an older text. */
  specHasErrors: boolean;
  /** The spec changed since the session started: training uses the old spec until restarted. */
  stale: boolean;
  session: SessionView;
  /** The user's settings the panel honours (`backprop.graph.edgeLimit`: draw at most this many edges). */
  settings?: { edgeLimit: number };
  /** The frame selected in a paused debug session of this spec (the panel highlights its layer). */
  debugFrame?: DebugFrameFocus;
}

/** A debug session's selected frame as the panel shows it. */
export interface DebugFrameFocus {
  /** e.g. "output.forward in train step 7". */
  label: string;
  /** The layer the frame computes; absent for the loss, the update and the step frames. */
  layer?: number;
}

/** Messages the webview posts to the host. */
export type FromWebview =
  /** The panel's script has loaded and wants the full state. */
  | { type: 'ui/ready' }
  /** Train (or resume) for the rest of the spec's epochs. */
  | { type: 'train/run' }
  /** Pause training; the state is kept. */
  | { type: 'train/pause' }
  /** One mini-batch step, with its step view. */
  | { type: 'train/step' }
  /** Back to the spec's initial weights (re-reading the spec). */
  | { type: 'train/reset' }
  /** Change the learning rate live. */
  | { type: 'train/setLearningRate'; value: number }
  /** Gradient-check the current weights. */
  | { type: 'check/run' }
  /** Write the trained weights into the spec (one undoable edit). */
  | { type: 'weights/write' }
  /** Export the network with its current weights ("Backprop: Export…": asks the format and the file). */
  | { type: 'model/export' }
  /** Reveal and select a weight or bias in the spec editor. */
  | { type: 'spec/reveal'; ref: ParamRef }
  /** The exact value, gradient and last update of one parameter (the panel's snapshot pictures large layers). */
  | { type: 'param/inspect'; ref: ParamRef }
  /** The examples of one confusion-matrix cell: true class `actual`, predicted as `predicted`. */
  | { type: 'images/cell'; actual: number; predicted: number };

/** Messages the host posts to the webview. */
export type ToWebview =
  /** The full current state; the panel rebuilds its whole view from it. */
  | { type: 'panel/state'; state: PanelState }
  /** Throttled training progress and the chart points it adds, oldest first. */
  | { type: 'session/progress'; progress: Progress; points: HistoryPoint[] }
  /** New weights and gradients, as the panel draws them. */
  | { type: 'session/snapshot'; snapshot: PanelSnapshot }
  /** The answer to `param/inspect`, from the host's latest snapshot. */
  | { type: 'session/param'; value: ParamValue }
  /** The step view of the last single step. */
  | { type: 'session/stepDetail'; detail: StepDetail }
  /** The output over the input plane (two-input specs). */
  | { type: 'session/boundary'; grid: BoundaryGrid }
  /** A gradient check's result. */
  | { type: 'session/check'; result: GradCheckInfo }
  /** The debug session's selected frame; none once it runs on or ends. */
  | { type: 'debug/frame'; focus?: DebugFrameFocus }
  /** The answer to `images/cell`. */
  | { type: 'session/cellExamples'; examples: CellExamples };

// ── Extension host ⇄ training worker ────────────────────────────────────────────────────────────

/** The spec a worker trains, as text: the worker parses it itself so large data never blocks the editor. */
export interface SessionSource {
  text: string;
  /** Absolute path of the spec file (anchors relative CSV paths). */
  specPath: string;
  /** Folder tree data files must stay inside. */
  allowedRoot?: string;
  precision?: 'float32' | 'float64';
  /** The memory estimate's limit in numbers (network and data), from backprop.worker.maxMemoryMb. */
  maxNumbers?: number;
}

/** How far the load of one data file has come: `done` of `total` bytes read, or rows parsed. */
export interface LoadProgressInfo {
  /** The path as the spec writes it. */
  file: string;
  done: number;
  total: number;
  unit: 'bytes' | 'rows';
}

/** Training progress, sent at most ~20 times a second whatever the step rate. */
export interface Progress {
  step: number;
  epoch: number;
  /** Steps the current run aims for (the spec's epochs), for progress bars. */
  totalSteps: number;
  batchLoss: number;
  stepsPerSecond: number;
  running: boolean;
  layerGradNorms: number[];
  /** Set while the training loss is more than 100× its value at the spec's weights. */
  lossRise?: LossRiseInfo;
}

/** The training loss far above where the session started: a learning rate far too high, even without a NaN. */
export interface LossRiseInfo {
  from: number;
  to: number;
  /** e.g. "the loss rose from 1.26e3 to 1.40e28: the learning rate is probably too high". */
  message: string;
}

/** Activation health of a layer over the last mini-batch. */
export interface LayerHealthInfo {
  /** relu units that were zero for every sample. */
  dead: number;
  /** sigmoid/tanh units pinned near an asymptote for ≥ 90% of the samples. */
  saturated: number;
  meanActivation: number;
}

/** Weights, the last step's gradients and update, flat in the engine's parameter layout (transferred, not copied). */
export interface Snapshot {
  step: number;
  epoch: number;
  /** Loss over all training rows at these weights (with L2). */
  loss: number;
  validationLoss?: number;
  /** Share of training (validation) rows classified right, for classifiers (cross-entropy, binary cross-entropy). */
  accuracy?: number;
  validationAccuracy?: number;
  params: Float64Array;
  grads: Float64Array;
  /** θ after the last step minus θ before it. */
  lastUpdate: Float64Array;
  health: LayerHealthInfo[];
}

/**
 * One layer's weights as the panel draws them: exact for a layer of at most PICTURE_EXACT_WEIGHTS (4,096) weights
 * (what edges can show), pooled and quantized beyond, so a 784-512-512-10 network's snapshot is under 100 KB instead
 * of 16 MB (in code-server every byte the host sends a webview is compressed on the host's thread). Biases are always
 * exact. The limits live in src/shared/pictures.ts.
 */
export type LayerPicture = ExactPicture | PooledPicture;

/** Every weight of the layer, [rows = units, cols = fanIn] row-major, float64. */
export interface ExactPicture {
  kind: 'exact';
  rows: number;
  cols: number;
  weights: Float64Array;
  weightGrads: Float64Array;
  weightUpdates: Float64Array;
  biases: Float64Array;
  biasGrads: Float64Array;
  biasUpdates: Float64Array;
}

/**
 * The layer in blocks of rowStep × colStep weights, [rows, cols] cells row-major. A cell holds its block's value of
 * largest magnitude v as round(127 · v / scale), sign kept, where scale is the largest finite |value| of the layer;
 * NON_FINITE_CELL (−128) marks a block holding NaN or ±Infinity. (The panel asks the host for any one weight's exact
 * numbers.)
 */
export interface PooledPicture {
  kind: 'pooled';
  rowStep: number;
  colStep: number;
  rows: number;
  cols: number;
  weights: Int8Array;
  weightScale: number;
  weightGrads: Int8Array;
  gradScale: number;
  biases: Float64Array;
  biasGrads: Float64Array;
  biasUpdates: Float64Array;
}

/** A snapshot as the panel receives it: the same facts, with each layer's weights as a picture. */
export interface PanelSnapshot {
  step: number;
  epoch: number;
  loss: number;
  validationLoss?: number;
  accuracy?: number;
  validationAccuracy?: number;
  health: LayerHealthInfo[];
  layers: LayerPicture[];
  /** For image-shaped inputs (SpecSummary.inputShape). */
  images?: ImageViews;
}

/**
 * What the panel draws of image-shaped inputs: a few dozen samples, the first layer's units as pictures and the
 * confusion matrix; never the data set (a cell's examples come on request, `images/cell`).
 */
export interface ImageViews {
  /** The split the samples and the confusion matrix are from: validation when rows are held out. */
  split: 'training' | 'validation';
  samples: ImageSamples;
  units: UnitImages;
  /** confusion[t][p]: rows of true class t predicted as p (classifiers with one answer per row). */
  confusion?: number[][];
}

/** Input rows as pictures, [rows, pixels] with pixels = h·w·c row-major. */
export interface ImageSamples {
  /** Data-set rows shown. */
  rows: number[];
  /** 0 for the data set's smallest input value, 255 for its largest. */
  pixels: Uint8Array;
  /** True class and the network's answer per row, for classifiers. */
  labels?: number[];
  predicted?: number[];
}

/**
 * The incoming weights (and last gradients) of the first `count` units of the first layer, [count, pixels], each unit
 * as round(127 · w / scale) with its own scale (its largest |w|), so a unit's pattern shows whatever its size.
 */
export interface UnitImages {
  count: number;
  /** Units of the first layer in all. */
  total: number;
  weights: Int8Array;
  weightScales: number[];
  grads: Int8Array;
  gradScales: number[];
}

/** Examples of one confusion-matrix cell at one step. */
export interface CellExamples {
  actual: number;
  predicted: number;
  split: 'training' | 'validation';
  step: number;
  /** Rows of the split in the cell; `samples` holds the first of them. */
  total: number;
  samples: ImageSamples;
}

/** One parameter's exact numbers at a snapshot. */
export interface ParamValue {
  ref: ParamRef;
  step: number;
  value: number;
  grad: number;
  update: number;
}

/** The forward and backward values of one step's mini-batch, for the step view. */
export interface StepDetail {
  step: number;
  /** Data rows of the batch, in batch order. */
  rows: number[];
  /** The batch's inputs [rows, input]. */
  inputs: Float64Array;
  /** Per layer, each [rows, units] row-major: z, a = f(z), dJ/da and dJ/dz. */
  layers: { Z: Float64Array; A: Float64Array; dA?: Float64Array; dZ: Float64Array }[];
  /** The loss hands dJ/dz straight to the output layer (sigmoid + BCE, softmax + CE), so its dA is absent. */
  fusedOutput: boolean;
}

/** The network's output over the plane of its two inputs, with the data points on it. */
export interface BoundaryGrid {
  resolution: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Output units per grid cell. */
  outputs: number;
  /** [resolution², outputs], row-major from the top-left cell (xMin, yMax). */
  values: Float32Array;
  /** Data points: x, y (the two inputs) and class (argmax of the target, or the target for one output). */
  pointsX: Float32Array;
  pointsY: Float32Array;
  pointsClass: Float32Array;
  /** The network's answer at each point: the argmax class, or the output itself for one output. */
  pointsPredicted: Float32Array;
}

/** Where training first produced a non-finite value. */
export type DivergenceInfo = Divergence;

/** One checked parameter of a gradient check, as the panel and hovers show it. */
export type GradCheckRowInfo = Omit<GradCheckRow, 'index'>;

/** A gradient check's result, worst rows first. */
export interface GradCheckInfo {
  loss: number;
  eps: number;
  checked: number;
  total: number;
  overallError: number;
  verdict: 'good' | 'acceptable' | 'suspicious' | 'wrong';
  mismatches: number;
  kinks: number;
  rows: GradCheckRowInfo[];
}

/** A reply that always settles: a value or an error to show. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** One problem of a spec, located in the text the worker was sent (offsets) and by JSON path (to follow edits). */
export interface SpecProblemInfo {
  severity: 'error' | 'warning';
  message: string;
  offset: number;
  length: number;
  path: (string | number)[];
}

/** What only a full load of a spec's data files shows: the host reads their headers alone. */
export interface DataCheckInfo {
  /** Problems a header-only reading of the same text does not report (cells, ragged rows, targets, sizes…). */
  problems: SpecProblemInfo[];
  /** Output class names of one-hot encoded data (they need every row). */
  classNames?: string[];
}

// ── Debug adapter ⇄ training worker (a debug session's worker computes; the adapter only brokers) ──────────

/** A layer as the debugger shows it, with where its object sits in the spec (1-based lines and columns). */
export interface DebugLayerInfo {
  name: string;
  units: number;
  fanIn: number;
  activation: string;
  range?: { line: number; column: number; endLine: number; endColumn: number };
}

/** One phase of a training step. */
export type DebugPhase =
  { kind: 'forward'; layer: number } | { kind: 'loss' } | { kind: 'backward'; layer: number } | { kind: 'update' };

/** Where a debug session is paused: after `step` whole steps, and `phase` of the next step when between phases. */
export interface DebugPosition {
  step: number;
  epoch: number;
  /** The phase that ran last: of step `step + 1`, or step `step`'s update. */
  phase?: DebugPhase;
  /** The user set a weight or the learning rate during the session. */
  edited?: boolean;
}

/** What a debug session learns when it starts. */
export interface DebugStartInfo {
  name: string;
  layers: DebugLayerInfo[];
  /** Where the spec's "loss", "optimizer" and "training" fields start, for the frames of those phases. */
  lines: { loss?: number; optimizer?: number; training?: number };
  stepsPerEpoch: number;
  /** The steps Continue runs to: `maxSteps`, else the spec's epochs. */
  totalSteps: number;
  /** The ring of earlier states: steps back it reaches, and the memory it may hold. */
  ring: { depth: number; budgetBytes: number; bytesPerState: number; interval: number };
}

/** How a debug session moves: DAP's next, stepIn, stepOut, continue, stepBack and reverseContinue. */
export type DebugMotion = 'next' | 'stepIn' | 'stepOut' | 'continue' | 'stepBack' | 'reverseContinue';

/** Why a debug session stopped, with what to tell the user. */
export interface DebugStop {
  reason: 'entry' | 'step' | 'breakpoint' | 'exception' | 'pause' | 'data breakpoint' | 'end';
  /** Short, for the Call Stack ("Non-finite value"). */
  description: string;
  /** The detail ("layer 'hidden' forward: z[3][1] = Infinity (unit 1 of sample 3)"). */
  text?: string;
  /** The exception breakpoint filter, or the id of the line or data breakpoint, that stopped it. */
  hit?: { filter?: string; line?: number; data?: string };
  position: DebugPosition;
  /** Per layer: mean activation, ‖δ‖ and ‖dW‖ as the editor shows them beside the layer. */
  inline: { layer: number; text: string }[];
}

/** One entry of the Variables view; `path` names it for its children, Watch and setVariable. */
export interface DebugVariable {
  name: string;
  value: string;
  type?: string;
  path?: string;
  /** Children reached by index (paged), or by name. */
  indexed?: number;
  named?: number;
  /** A weight or bias: a data breakpoint may watch it. */
  watchable?: boolean;
}

/** The debugger's breakpoints, each kind replaced whole when present. */
export interface DebugBreakpoints {
  /** Exception filters on: nonFinite, gradNorm, lossAbove, lossIncreased, deadUnits; conditions like "> 10". */
  exceptions?: { filter: string; condition?: string }[];
  /** Line breakpoints, already placed on a layer by the adapter. */
  layers?: { id: number; layer: number; condition?: string; hitCondition?: string }[];
  /** Data breakpoints on one weight or bias (`hidden.W[0][1]`); `condition` may read `old` and `new`. */
  data?: { path: string; condition?: string; hitCondition?: string }[];
}

/** Whether each breakpoint could be set, in the order sent, and why not. */
export interface DebugBreakpointsSet {
  exceptions: { verified: boolean; message?: string }[];
  layers: { verified: boolean; message?: string }[];
  data: { verified: boolean; message?: string }[];
}

/** Requests a debug session's worker answers with `debug/reply`. */
export type DebugRequest =
  | { type: 'debug/start'; source: SessionSource; maxSteps?: number; ringBudgetBytes?: number }
  | { type: 'debug/breakpoints'; breakpoints: DebugBreakpoints }
  | { type: 'debug/variables'; path: string; start?: number; count?: number; layer?: number }
  | { type: 'debug/evaluate'; expression: string; layer?: number }
  | { type: 'debug/setVariable'; path: string; value: string }
  | { type: 'debug/dataInfo'; path: string };

/** What each debug request's reply holds. */
export interface DebugReplies {
  'debug/start': DebugStartInfo;
  'debug/breakpoints': DebugBreakpointsSet;
  'debug/variables': DebugVariable[];
  'debug/evaluate': DebugVariable;
  'debug/setVariable': DebugVariable;
  'debug/dataInfo': { path: string; description: string };
}

/** Messages the host posts to a training worker. */
export type ToWorker =
  /** Parse this spec and build a fresh engine (initial weights, fresh optimizer). */
  /** `cancel` (a shared flag) stops the load of its data files between chunks once set to 1 by the host. */
  | { type: 'session/load'; requestId: number; source: SessionSource; cancel?: Int32Array }
  /** Train until `steps` more steps are done (default: the rest of the spec's epochs) or paused. */
  | { type: 'train/run'; steps?: number }
  /** Stop after the current slice; the state is kept. */
  | { type: 'train/pause' }
  /** Take exactly `count` steps now (pauses a run first); a single step also sends its step view. */
  | { type: 'train/step'; count: number }
  /** Back to the spec's initial weights and a fresh optimizer. */
  | { type: 'train/reset' }
  /** Change the learning rate from the next step on. */
  | { type: 'train/setLearningRate'; value: number }
  /** Gradient-check the current weights (always float64). */
  | { type: 'check/run'; requestId: number; eps?: number; sample?: number }
  /** Send a snapshot now, exact vectors included. */
  | { type: 'snapshot/request'; requestId: number }
  /**
   * The buffers of exact snapshots the host has finished reading (transferred): the worker writes later snapshots
   * into them rather than allocating 24 bytes a parameter each time.
   */
  | { type: 'snapshot/recycle'; buffers: ArrayBuffer[] }
  /**
   * Load this spec's data files whole and report what their headers alone cannot show; keeps nothing. `cancel[0]` set
   * to 1 stops it between chunks (a newer check superseded it), answered by `data/cancelled`.
   */
  | { type: 'data/check'; requestId: number; source: SessionSource; cancel?: Int32Array }
  /** A debug request (replied to with `debug/reply`). */
  | (DebugRequest & { requestId: number })
  /**
   * Move the debug session (stopped later with `debug/stopped`); `pause` stops a motion at the next step boundary,
   * `entry` reports the stop on entry.
   */
  | { type: 'debug/motion'; motion: DebugMotion | 'pause' | 'entry' }
  /** The examples of one confusion-matrix cell at the current weights. */
  | { type: 'images/cell'; requestId: number; actual: number; predicted: number };

/** Messages a training worker posts to the host. */
export type FromWorker =
  /** The reply to `session/load`. */
  | {
      type: 'session/loaded';
      requestId: number;
      result: Result<{ name: string; paramCount: number; stepsPerEpoch: number }>;
    }
  /** Throttled progress while a `session/load` or a `data/check` reads its data files. */
  | { type: 'load/progress'; requestId: number; progress: LoadProgressInfo }
  /** Throttled progress while training, with the chart points recorded since the last one (thinned, oldest first). */
  | { type: 'train/progress'; progress: Progress; points: HistoryPoint[] }
  /**
   * Current weights and gradients pictured for the panel, and with `snapshot` exactly for the host: always when
   * asked for or when a step, pause, reset or run ends, otherwise within a byte budget (large networks less often).
   * `requestId` names the `snapshot/request` it answers.
   */
  | { type: 'train/snapshot'; panel: PanelSnapshot; snapshot?: Snapshot; requestId?: number }
  /** The step view after a single `train/step`. */
  | { type: 'train/stepDetail'; detail: StepDetail }
  /** The output over the input plane, with each snapshot of a two-input spec. */
  | { type: 'train/boundary'; grid: BoundaryGrid }
  /** A run ended: its steps were done, it was paused, or training diverged. */
  | { type: 'train/stopped'; reason: 'done' | 'paused' | 'diverged'; divergence?: DivergenceInfo }
  /** The reply to `check/run`. */
  | { type: 'check/result'; requestId: number; result: Result<GradCheckInfo> }
  /** The reply to `data/check`. */
  | { type: 'data/checked'; requestId: number; result: Result<DataCheckInfo> }
  /** The reply to a `data/check` its host cancelled before it was done. */
  | { type: 'data/cancelled'; requestId: number }
  /** The reply to a debug request. */
  | { type: 'debug/reply'; requestId: number; result: Result<DebugReplies[DebugRequest['type']]> }
  /** A debug session stopped (after a motion, at entry, or at the end). */
  | { type: 'debug/stopped'; stop: DebugStop }
  /** The reply to `images/cell`. */
  | { type: 'images/cellExamples'; requestId: number; result: Result<CellExamples> }
  /** A failure not tied to a request (for example a message before `session/load`). */
  | { type: 'worker/error'; message: string };
