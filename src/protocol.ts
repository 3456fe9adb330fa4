// Every message between the extension host and the panel's webview: the one shared vocabulary. Imports nothing.

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

/** Everything the panel shows, sent whole so a rebuilt webview needs nothing else. */
export interface PanelState {
  /** The spec's display name (its `name`, else the file name). */
  name: string;
  /** The spec's file name, e.g. `xor.nn.json`. */
  fileName: string;
  /** Input features; absent while the spec has errors and never parsed. */
  input?: number;
  /** Layers of the latest valid parse (empty when there never was one). */
  layers: LayerSummary[];
  /** True when the layers come from an older text because the current one has errors. */
  stale: boolean;
  problems: ProblemCounts;
}

/** Messages the webview posts to the host. */
export type FromWebview =
  /** The panel's script has loaded and wants the full state. */
  | { type: 'ui/ready' };

/** Messages the host posts to the webview. */
export type ToWebview =
  /** The full current state; the panel rebuilds its whole view from it. */
  | { type: 'spec/state'; state: PanelState };

// ── Extension host ⇄ training worker ────────────────────────────────────────────────────────────

/** The spec a worker trains, as text: the worker parses it itself so large data never blocks the editor. */
export interface SessionSource {
  text: string;
  /** Absolute path of the spec file (anchors relative CSV paths). */
  specPath: string;
  /** Folder tree data files must stay inside. */
  allowedRoot?: string;
  precision?: 'float32' | 'float64';
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
}

/** Weights and the last step's gradients, flat in the engine's parameter layout (transferred, not copied). */
export interface Snapshot {
  step: number;
  epoch: number;
  loss: number;
  validationLoss?: number;
  params: Float64Array;
  grads: Float64Array;
}

/** Where training first produced a non-finite value. */
export interface DivergenceInfo {
  step: number;
  epoch: number;
  layer: number;
  layerName: string;
  where: 'loss' | 'activation' | 'gradient' | 'update';
  message: string;
}

/** One checked parameter of a gradient check. */
export interface GradCheckRowInfo {
  ref: { layer: number; kind: 'weight'; row: number; col: number } | { layer: number; kind: 'bias'; row: number };
  path: string;
  analytic: number;
  numeric: number;
  absError: number;
  relError: number;
  mismatch: boolean;
  kink: boolean;
}

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

/** Messages the host posts to a training worker. */
export type ToWorker =
  /** Parse this spec and build a fresh engine (initial weights, fresh optimizer). */
  | { type: 'session/load'; source: SessionSource }
  /** Train until `steps` more steps are done (default: the rest of the spec's epochs) or paused. */
  | { type: 'train/run'; steps?: number }
  /** Stop after the current slice; the state is kept. */
  | { type: 'train/pause' }
  /** Take exactly `count` steps now (pauses a run first). */
  | { type: 'train/step'; count: number }
  /** Back to the spec's initial weights and a fresh optimizer. */
  | { type: 'train/reset' }
  /** Change the learning rate from the next step on. */
  | { type: 'train/setLearningRate'; value: number }
  /** Gradient-check the current weights (always float64). */
  | { type: 'check/run'; requestId: number; eps?: number; sample?: number }
  /** Send a snapshot now. */
  | { type: 'snapshot/request' };

/** Messages a training worker posts to the host. */
export type FromWorker =
  /** The reply to `session/load`. */
  | { type: 'session/loaded'; result: Result<{ name: string; paramCount: number; stepsPerEpoch: number }> }
  /** Throttled progress while training. */
  | { type: 'train/progress'; progress: Progress }
  /** Current weights and gradients. */
  | { type: 'train/snapshot'; snapshot: Snapshot }
  /** A run ended: its steps were done, it was paused, or training diverged. */
  | { type: 'train/stopped'; reason: 'done' | 'paused' | 'diverged'; divergence?: DivergenceInfo }
  /** The reply to `check/run`. */
  | { type: 'check/result'; requestId: number; result: Result<GradCheckInfo> }
  /** A failure not tied to a request (for example a message before `session/load`). */
  | { type: 'worker/error'; message: string };
