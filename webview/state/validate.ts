// Checks every message from the host before the panel uses it: a malformed one is refused with a reason (pure).
// Each check is typed by the protocol type it proves, so a field added to the protocol fails to compile until its
// check is written here.
import type {
  BoundaryGrid,
  DebugFrameFocus,
  ExactPicture,
  GradCheckInfo,
  GradCheckRowInfo,
  HistoryPoint,
  LayerHealthInfo,
  LayerPicture,
  LayerSummary,
  PanelSnapshot,
  PanelState,
  ParamValue,
  PooledPicture,
  ProblemCounts,
  Progress,
  SessionStatus,
  SessionView,
  SpecSummary,
  StepDetail,
  ToWebview,
} from '../../src/protocol';
import { cellExamples, imageViews } from './validateImages';
import {
  arr,
  bool,
  byKind,
  checkMessage,
  f32,
  f64,
  i8,
  num,
  obj,
  oneOf,
  opt,
  paramRef,
  refine,
  str,
  type MessageChecks,
} from '../../src/shared/check';

const progress = obj<Progress>({
  step: num,
  epoch: num,
  totalSteps: num,
  batchLoss: num,
  stepsPerSecond: num,
  running: bool,
  layerGradNorms: arr(num),
  lossRise: opt(obj({ from: num, to: num, message: str })),
});
const point = obj<HistoryPoint>({ step: num, loss: num, validationLoss: opt(num), gradNorms: arr(num) });
const biasFields = { biases: f64, biasGrads: f64, biasUpdates: f64 };
const exactPicture = obj<ExactPicture>({
  kind: oneOf({ exact: true }, '"exact"'),
  rows: num,
  cols: num,
  weights: f64,
  weightGrads: f64,
  weightUpdates: f64,
  ...biasFields,
});
const pooledPicture = obj<PooledPicture>({
  kind: oneOf({ pooled: true }, '"pooled"'),
  rowStep: num,
  colStep: num,
  rows: num,
  cols: num,
  weights: i8,
  weightScale: num,
  weightGrads: i8,
  gradScale: num,
  ...biasFields,
});
/**
 * A layer picture whose arrays hold rows × cols cells (and one gradient and update per bias), so drawing never reads
 * past them.
 */
const picture = refine(
  byKind<LayerPicture>({ exact: exactPicture, pooled: pooledPicture }, 'a layer picture ("exact" or "pooled")'),
  (p) => {
    const cells = p.rows * p.cols;
    const arrays = p.kind === 'exact' ? [p.weights, p.weightGrads, p.weightUpdates] : [p.weights, p.weightGrads];
    if (arrays.some((a) => a.length !== cells)) return `with ${cells} cells per weight array`;
    if (p.biasGrads.length !== p.biases.length || p.biasUpdates.length !== p.biases.length)
      return 'with one gradient and update per bias';
    return undefined;
  },
);
const snapshot = obj<PanelSnapshot>({
  step: num,
  epoch: num,
  loss: num,
  validationLoss: opt(num),
  accuracy: opt(num),
  validationAccuracy: opt(num),
  health: arr(obj<LayerHealthInfo>({ dead: num, saturated: num, meanActivation: num })),
  layers: arr(picture),
  images: opt(imageViews),
});
const detail = obj<StepDetail>({
  step: num,
  rows: arr(num),
  inputs: f64,
  fusedOutput: bool,
  layers: arr(obj<StepDetail['layers'][number]>({ Z: f64, A: f64, dA: opt(f64), dZ: f64 })),
});
const grid = obj<BoundaryGrid>({
  resolution: num,
  xMin: num,
  xMax: num,
  yMin: num,
  yMax: num,
  outputs: num,
  values: f32,
  pointsX: f32,
  pointsY: f32,
  pointsClass: f32,
  pointsPredicted: f32,
});
const paramValue = obj<ParamValue>({ ref: paramRef, step: num, value: num, grad: num, update: num });
const VERDICTS: Record<GradCheckInfo['verdict'], true> = {
  good: true,
  acceptable: true,
  suspicious: true,
  wrong: true,
};
const check = obj<GradCheckInfo>({
  loss: num,
  eps: num,
  checked: num,
  total: num,
  overallError: num,
  verdict: oneOf(VERDICTS, 'a verdict'),
  mismatches: num,
  kinks: num,
  rows: arr(
    obj<GradCheckRowInfo>({
      ref: paramRef,
      path: str,
      analytic: num,
      numeric: num,
      absError: num,
      relError: num,
      mismatch: bool,
      kink: bool,
    }),
  ),
});
const STATUSES: Record<SessionStatus, true> = {
  none: true,
  loading: true,
  ready: true,
  running: true,
  paused: true,
  done: true,
  diverged: true,
  crashed: true,
  error: true,
};
const session = obj<SessionView>({
  status: oneOf(STATUSES, 'a session status'),
  message: opt(str),
  warning: opt(str),
  progress: opt(progress),
  snapshot: opt(snapshot),
  history: arr(point),
  stepDetail: opt(detail),
  gradCheck: opt(check),
  boundary: opt(grid),
  learningRate: opt(num),
});
const spec = obj<SpecSummary>({
  name: str,
  input: num,
  inputNames: opt(arr(str)),
  classNames: opt(arr(str)),
  layers: arr(obj<LayerSummary>({ name: str, units: num, activation: str })),
  loss: str,
  optimizer: str,
  learningRate: num,
  batchSize: num,
  epochs: num,
  hasValidation: bool,
  inputShape: opt(arr(num)),
  paramCount: num,
});
const debugFrame = obj<DebugFrameFocus>({ label: str, layer: opt(num) });
const state = obj<PanelState>({
  fileName: str,
  spec: opt(spec),
  problems: obj<ProblemCounts>({ errors: num, warnings: num }),
  specHasErrors: bool,
  stale: bool,
  session,
  settings: opt(obj<NonNullable<PanelState['settings']>>({ edgeLimit: num })),
  debugFrame: opt(debugFrame),
});

const MESSAGES: MessageChecks<ToWebview> = {
  'panel/state': { state },
  'session/progress': { progress, points: arr(point) },
  'session/snapshot': { snapshot },
  'session/stepDetail': { detail },
  'session/boundary': { grid },
  'session/check': { result: check },
  'session/param': { value: paramValue },
  'debug/frame': { focus: opt(debugFrame) },
  'session/cellExamples': { examples: cellExamples },
};

/** The message when it is a well-formed ToWebview, else the reason it is not. */
export function validateToWebview(data: unknown): { ok: true; message: ToWebview } | { ok: false; error: string } {
  return checkMessage(MESSAGES, data);
}

/** A learning rate typed by the user, or why it is refused. */
export function parseLearningRate(text: string): number | string {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v)) return 'Enter a number';
  if (v <= 0) return 'The learning rate must be greater than 0';
  return v;
}
