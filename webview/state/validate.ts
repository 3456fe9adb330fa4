// Checks every message from the host before the panel uses it: a malformed one is refused with a reason (pure).
import type { LayerPicture, ToWebview } from '../../src/protocol';

type Check = (v: unknown) => string | undefined;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num: Check = (v) => (typeof v === 'number' ? undefined : 'a number');
const str: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'a boolean');
const f64: Check = (v) => (v instanceof Float64Array ? undefined : 'a Float64Array');
const f32: Check = (v) => (v instanceof Float32Array ? undefined : 'a Float32Array');
const opt =
  (c: Check): Check =>
  (v) =>
    v === undefined ? undefined : c(v);
const arr =
  (c: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return 'an array';
    for (let i = 0; i < v.length; i++) {
      const e = c(v[i]);
      if (e) return at(`[${i}]`, e);
    }
    return undefined;
  };
/** Joins a field path and its error: `.a.b[2] a number`. */
const at = (where: string, e: string): string => where + (e.startsWith('.') || e.startsWith('[') ? '' : ' ') + e;
const obj =
  (fields: Record<string, Check>): Check =>
  (v) => {
    if (!isObj(v)) return 'an object';
    for (const [k, c] of Object.entries(fields)) {
      const e = c(v[k]);
      if (e) return at(`.${k}`, e);
    }
    return undefined;
  };

const progress = obj({
  step: num,
  epoch: num,
  totalSteps: num,
  batchLoss: num,
  stepsPerSecond: num,
  running: bool,
  layerGradNorms: arr(num),
});
const point = obj({ step: num, loss: num, validationLoss: opt(num), gradNorms: arr(num) });
const i8: Check = (v) => (v instanceof Int8Array ? undefined : 'an Int8Array');
const biasFields = { biases: f64, biasGrads: f64, biasUpdates: f64 };
const exactPicture = obj({
  kind: str,
  rows: num,
  cols: num,
  weights: f64,
  weightGrads: f64,
  weightUpdates: f64,
  ...biasFields,
});
const pooledPicture = obj({
  kind: str,
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
const picture: Check = (v) => {
  if (!isObj(v) || (v.kind !== 'exact' && v.kind !== 'pooled')) return 'a layer picture ("exact" or "pooled")';
  const e = (v.kind === 'exact' ? exactPicture : pooledPicture)(v);
  if (e) return e;
  const p = v as unknown as LayerPicture;
  const cells = p.rows * p.cols;
  const arrays = p.kind === 'exact' ? [p.weights, p.weightGrads, p.weightUpdates] : [p.weights, p.weightGrads];
  if (arrays.some((a) => a.length !== cells)) return `with ${cells} cells per weight array`;
  if (p.biasGrads.length !== p.biases.length || p.biasUpdates.length !== p.biases.length)
    return 'with one gradient and update per bias';
  return undefined;
};
const snapshot = obj({
  step: num,
  epoch: num,
  loss: num,
  validationLoss: opt(num),
  health: arr(obj({ dead: num, saturated: num, meanActivation: num })),
  layers: arr(picture),
});
const detail = obj({
  step: num,
  rows: arr(num),
  inputs: f64,
  fusedOutput: bool,
  layers: arr(obj({ Z: f64, A: f64, dA: opt(f64), dZ: f64 })),
});
const grid = obj({
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
const ref: Check = (v) =>
  isObj(v) && (v.kind === 'weight' || v.kind === 'bias')
    ? obj({ layer: num, row: num, col: v.kind === 'weight' ? num : opt(num) })(v)
    : 'a parameter reference';
const paramValue = obj({ ref, step: num, value: num, grad: num, update: num });
const check = obj({
  loss: num,
  eps: num,
  checked: num,
  total: num,
  overallError: num,
  verdict: str,
  mismatches: num,
  kinks: num,
  rows: arr(
    obj({ ref, path: str, analytic: num, numeric: num, absError: num, relError: num, mismatch: bool, kink: bool }),
  ),
});
const STATUSES = ['none', 'loading', 'ready', 'running', 'paused', 'done', 'diverged', 'crashed', 'error'];
const session = obj({
  status: (v) => (typeof v === 'string' && STATUSES.includes(v) ? undefined : 'a session status'),
  message: opt(str),
  progress: opt(progress),
  snapshot: opt(snapshot),
  history: arr(point),
  stepDetail: opt(detail),
  gradCheck: opt(check),
  boundary: opt(grid),
  learningRate: opt(num),
});
const spec = obj({
  name: str,
  input: num,
  inputNames: opt(arr(str)),
  classNames: opt(arr(str)),
  layers: arr(obj({ name: str, units: num, activation: str })),
  loss: str,
  optimizer: str,
  learningRate: num,
  batchSize: num,
  epochs: num,
  hasValidation: bool,
  paramCount: num,
});
const state = obj({
  fileName: str,
  spec: opt(spec),
  problems: obj({ errors: num, warnings: num }),
  specHasErrors: bool,
  stale: bool,
  session,
  settings: opt(obj({ edgeLimit: opt(num) })),
});

const MESSAGES: Record<ToWebview['type'], Record<string, Check>> = {
  'panel/state': { state },
  'session/progress': { progress, points: arr(point) },
  'session/snapshot': { snapshot },
  'session/stepDetail': { detail },
  'session/boundary': { grid },
  'session/check': { result: check },
  'session/param': { value: paramValue },
};

/** The message when it is a well-formed ToWebview, else the reason it is not. */
export function validateToWebview(data: unknown): { ok: true; message: ToWebview } | { ok: false; error: string } {
  if (!isObj(data) || typeof data.type !== 'string') return { ok: false, error: 'not a message object with a type' };
  const fields = Object.prototype.hasOwnProperty.call(MESSAGES, data.type)
    ? MESSAGES[data.type as ToWebview['type']]
    : undefined;
  if (!fields) return { ok: false, error: `unknown message type "${data.type}"` };
  const error = obj(fields)(data);
  return error
    ? { ok: false, error: `${data.type}: message${at('', error)}` }
    : { ok: true, message: data as unknown as ToWebview };
}

/** A learning rate typed by the user, or why it is refused. */
export function parseLearningRate(text: string): number | string {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v)) return 'Enter a number';
  if (v <= 0) return 'The learning rate must be greater than 0';
  return v;
}
