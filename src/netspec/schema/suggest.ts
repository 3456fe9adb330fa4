// "Did you mean" for near-miss names: the names users bring from Keras and PyTorch first, then the closest candidate
// by edit distance, ignoring case.
import type { JsonPath } from '../problems';

/** A name from another framework and the spec's own name for it, with what else the spec needs to match it. */
interface Foreign {
  name: string;
  /** Appended after the suggested name, e.g. ' with integer class "labels" in data'. */
  also?: string;
}

/**
 * Value names (losses, activations, optimizers, normalizations, precisions), keyed by `squash`ed spelling. A name is
 * suggested only where it is one of the allowed values, so one table serves every enum.
 */
const FOREIGN_VALUES: Record<string, Foreign> = {
  ...same('mse', ['meansquarederror', 'mseloss', 'squarederror', 'l2loss']),
  ...same('binary-cross-entropy', ['binarycrossentropy', 'bce', 'bceloss', 'logloss', 'binarycrossentropyloss']),
  ...same('binary-cross-entropy', ['bcewithlogits', 'bcewithlogitsloss'], {
    also: ' on a sigmoid output layer, which the spec fuses with it as BCEWithLogitsLoss does',
  }),
  ...same('cross-entropy', ['categoricalcrossentropy', 'crossentropy', 'crossentropyloss', 'softmaxcrossentropy']),
  ...same('cross-entropy', ['sparsecategoricalcrossentropy'], { also: ' with integer class "labels" in data' }),
  ...same('cross-entropy', ['nllloss'], { also: ' on a softmax output layer (LogSoftmax + NLLLoss is cross-entropy)' }),
  ...same('sgd', ['momentum', 'sgdm', 'nesterov'], { also: ' with "momentum": 0.9' }),
  ...same('leaky-relu', ['leakyrelu', 'lrelu']),
  ...same('sigmoid', ['logistic']),
  ...same('identity', ['linear', 'none']),
  ...same('standard', ['zscore', 'standardize', 'standardscaler', 'std']),
  ...same('minmax', ['minmaxscaler', 'normalize']),
  ...same('float32', ['fp32', 'f32', 'single']),
  ...same('float64', ['fp64', 'f64', 'double']),
};

/**
 * Field names per object of the spec (see `scopeOf`), keyed by `squash`ed spelling: a plain name is a field of the
 * same object, a dotted one lives elsewhere (`optimizer.learningRate`).
 */
const FOREIGN_FIELDS: Record<string, Record<string, string>> = {
  top: {
    ...fields('optimizer.learningRate', ['lr', 'learningrate', 'eta', 'alpha']),
    ...fields('optimizer.momentum', ['momentum']),
    ...fields('training.epochs', ['epochs', 'epoch', 'nepochs', 'numepochs', 'iterations']),
    ...fields('training.batchSize', ['batchsize', 'batch']),
    ...fields('training.validationSplit', ['validationsplit']),
    ...fields('training.l2', ['l2', 'weightdecay', 'lambda', 'lambd']),
    ...fields('training.shuffle', ['shuffle']),
    ...fields('training.precision', ['precision', 'dtype']),
    ...fields('input', ['inputsize', 'inputdim', 'inputshape', 'infeatures', 'nx']),
    ...fields('layers', ['hiddenlayers']),
    ...fields('loss', ['lossfunction', 'criterion', 'cost']),
    ...fields('data', ['dataset', 'traindata', 'trainingdata']),
  },
  optimizer: {
    ...fields('learningRate', ['lr', 'eta', 'stepsize']),
    ...fields('epsilon', ['eps']),
    ...fields('type', ['name', 'optimizer', 'kind']),
    ...fields('training.l2', ['weightdecay', 'l2']),
  },
  training: {
    ...fields('optimizer.learningRate', ['lr', 'learningrate', 'eta']),
    ...fields('l2', ['weightdecay', 'lambda', 'lambd']),
    ...fields('epochs', ['numepochs', 'nepochs', 'iterations']),
    ...fields('precision', ['dtype']),
  },
  layer: {
    ...fields('units', ['outfeatures', 'neurons', 'size', 'nodes', 'outputdim', 'n']),
    ...fields('activation', ['act', 'activationfunction', 'nonlinearity']),
    ...fields('weights', ['kernel', 'w']),
    ...fields('biases', ['b']),
  },
  data: {
    ...fields('inputs', ['x', 'features']),
    ...fields('targets', ['y', 'outputs']),
    ...fields('labels', ['classes']),
  },
  loss: { ...fields('outputs', ['reduction']) },
};

function same(name: string, spellings: string[], extra: Omit<Foreign, 'name'> = {}): Record<string, Foreign> {
  return Object.fromEntries(spellings.map((s) => [s, { name, ...extra }]));
}

function fields(target: string, spellings: string[]): Record<string, string> {
  return Object.fromEntries(spellings.map((s) => [s, target]));
}

/** Lower case without separators or a module prefix: `nn.LeakyReLU`, `leaky_relu` and `Leaky-ReLU` all squash alike. */
function squash(word: string): string {
  return (word.split('.').pop() ?? word).toLowerCase().replace(/[\s_-]/g, '');
}

/** The candidate closest to `word`, when it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** The allowed name `word` stands for: its Keras/PyTorch equivalent, the same name spelled otherwise, or a typo. */
export function suggestName(word: string, candidates: readonly string[]): Foreign | undefined {
  const squashed = squash(word);
  const foreign = FOREIGN_VALUES[squashed];
  if (foreign && candidates.includes(foreign.name)) return foreign;
  const spelled = candidates.find((c) => squash(c) === squashed);
  const name = spelled ?? closest(word, candidates);
  return name === undefined ? undefined : { name };
}

/** ` (did you mean "x"?)` or '' : ready to append to a message about a value. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const s = suggestName(word, candidates);
  return s === undefined ? '' : ` (did you mean "${s.name}"${s.also ?? ''}?)`;
}

/**
 * The field an unknown field `name` under `path` stands for: a field of the same object (`fields`), or one elsewhere
 * written as a dotted path.
 */
export function suggestField(name: string, path: JsonPath, siblings: readonly string[]): string | undefined {
  const squashed = squash(name);
  const spelled = siblings.find((c) => squash(c) === squashed);
  return spelled ?? FOREIGN_FIELDS[scopeOf(path)]?.[squashed] ?? closest(name, siblings);
}

/**
 * ` (did you mean "x"?)`, or for a field that lives elsewhere ` (did you mean "optimizer": { "learningRate": 0.1 }?)`
 * with the value as written; '' without a suggestion.
 */
export function fieldHint(name: string, path: JsonPath, siblings: readonly string[], valueText: string): string {
  const target = suggestField(name, path, siblings);
  if (target === undefined) return '';
  const [head, ...rest] = target.split('.');
  if (rest.length === 0) return ` (did you mean "${head}"?)`;
  const value = valueText.length <= 24 ? valueText : '…';
  return ` (did you mean "${head}": ${rest.reduceRight((inner, key) => `{ "${key}": ${inner} }`, value)}?)`;
}

/** Which object of the spec a path points into, as FOREIGN_FIELDS names them. */
function scopeOf(path: JsonPath): string {
  if (path.length === 0) return 'top';
  if (path[0] === 'layers' && path.length === 2) return 'layer';
  return path.length === 1 ? String(path[0]) : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = cur;
  }
  return prev[b.length];
}
