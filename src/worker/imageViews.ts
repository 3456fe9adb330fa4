// What the panel sees of image-shaped inputs: a few dozen samples with their labels and the network's answers, the
// first layer's units as pictures, the confusion matrix, and one cell's examples on request. Small pictures, never
// the data set: the panel's byte budget (README "What the panel receives") holds for MNIST-sized data too.
import {
  argmax,
  binaryClass,
  evaluateRows,
  taskOf,
  type Metrics,
  type SplitScore,
  type Task,
  type Trainer,
} from '../engine';
import type { CellExamples, ImageSamples, ImageViews, UnitImages } from '../protocol';

/** Samples in the panel's grid. */
export const SAMPLE_COUNT = 32;
/** Examples of a confusion cell sent at most. */
export const CELL_EXAMPLES_MAX = 24;
/** Units pictured at most, and the bytes their weights may take (an MNIST layer of 784 inputs shows 41 units). */
export const UNIT_IMAGES_MAX = 64;
const UNIT_IMAGE_BYTES = 32 * 1024;

/** What the image views need of a session, fixed at load: the split they show and the inputs' range. */
export interface ImageSource {
  split: 'training' | 'validation';
  /** The rows of that split. */
  rows: Uint32Array;
  /** Evenly spread rows of the split: the grid shows the same samples all run long. */
  samples: Uint32Array;
  min: number;
  max: number;
}

export function imageSource(t: Trainer): ImageSource {
  const validation = t.rows.validation.length > 0;
  const rows = validation ? t.rows.validation : t.rows.train;
  const count = Math.min(SAMPLE_COUNT, rows.length);
  const samples = Uint32Array.from({ length: count }, (_, i) => rows[Math.floor((i * rows.length) / count)]);
  let min = Infinity;
  let max = -Infinity;
  const inputs = t.data.inputs;
  for (let i = 0; i < t.data.rows * t.data.inputSize; i++) {
    const v = inputs[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { split: validation ? 'validation' : 'training', rows, samples, min, max };
}

/** The class a row of outputs or targets stands for, when the task gives each row one answer. */
function classifier(task: Task, width: number): ((values: ArrayLike<number>, offset: number) => number) | undefined {
  if (task === 'multiclass') return (values, offset) => argmax(values, offset, width);
  if (task === 'binary' && width === 1) return (values, offset) => binaryClass(values[offset]);
  return undefined;
}

/** The pictures of `rows`, with their classes and the network's answers when the task has them. */
function samplesOf(t: Trainer, source: ImageSource, rows: ArrayLike<number>): ImageSamples {
  const n = t.data.inputSize;
  const k = t.data.outputSize;
  const pixels = new Uint8Array(rows.length * n);
  const span = source.max - source.min;
  const gather = new Float64Array(rows.length * n);
  for (let i = 0; i < rows.length; i++) {
    const at = rows[i] * n;
    for (let j = 0; j < n; j++) {
      const v = t.data.inputs[at + j];
      gather[i * n + j] = v;
      pixels[i * n + j] = span > 0 ? Math.round((255 * (v - source.min)) / span) : 0;
    }
  }
  const out: ImageSamples = { rows: Array.from(rows), pixels };
  const classOf = classifier(taskOf(t.model.loss), k);
  if (classOf && rows.length > 0) {
    const outputs = t.net.predict(gather, rows.length);
    out.labels = Array.from(rows, (r) => classOf(t.data.targets, r * k));
    out.predicted = Array.from(rows, (_, i) => classOf(outputs, i * k));
  }
  return out;
}

/** Each unit's values as round(127 · v / its largest |v|), non-finite values as 0 (the scale says it is NaN). */
function perUnit(values: ArrayLike<number>, offset: number, count: number, fanIn: number) {
  const codes = new Int8Array(count * fanIn);
  const scales: number[] = [];
  for (let u = 0; u < count; u++) {
    const base = offset + u * fanIn;
    let scale = 0;
    for (let j = 0; j < fanIn; j++) scale = Math.max(scale, Math.abs(values[base + j]));
    scales.push(scale);
    const k = scale > 0 && Number.isFinite(scale) ? 127 / scale : 0;
    for (let j = 0; j < fanIn; j++) codes[u * fanIn + j] = Math.round(values[base + j] * k) || 0;
  }
  return { codes, scales };
}

function unitImages(t: Trainer): UnitImages {
  const first = t.net.layout.layers[0];
  const count = Math.min(first.units, UNIT_IMAGES_MAX, Math.max(1, Math.floor(UNIT_IMAGE_BYTES / first.fanIn)));
  const w = perUnit(t.net.params, first.wOffset, count, first.fanIn);
  const g = perUnit(t.net.grads, first.wOffset, count, first.fanIn);
  return {
    count,
    total: first.units,
    weights: w.codes,
    weightScales: w.scales,
    grads: g.codes,
    gradScales: g.scales,
  };
}

function confusionOf(m: Metrics, width: number): number[][] | undefined {
  if (m.task === 'multiclass') return m.confusion;
  if (m.task === 'binary' && width === 1) return m.outputs[0].confusion;
  return undefined;
}

/** The views of a snapshot, from the split scores it computed anyway. */
export function imageViews(
  t: Trainer,
  source: ImageSource,
  scores: { training: SplitScore; validation?: SplitScore },
): ImageViews {
  const score = source.split === 'validation' ? scores.validation! : scores.training;
  const views: ImageViews = {
    split: source.split,
    samples: samplesOf(t, source, source.samples),
    units: unitImages(t),
  };
  const confusion = confusionOf(score.metrics, t.data.outputSize);
  if (confusion) views.confusion = confusion;
  return views;
}

/** The rows of the view's split whose true class is `actual` and answer `predicted`: the first few, and how many. */
export function cellExamples(t: Trainer, source: ImageSource, actual: number, predicted: number): CellExamples {
  const k = t.data.outputSize;
  const classOf = classifier(taskOf(t.model.loss), k);
  if (!classOf) throw new Error('this network does not answer with one class per row, so it has no confusion matrix');
  const { outputs, targets } = evaluateRows(t.net, t.data, source.rows, t.model.training.l2);
  const hits: number[] = [];
  let total = 0;
  for (let i = 0; i < source.rows.length; i++) {
    if (classOf(targets, i * k) !== actual || classOf(outputs, i * k) !== predicted) continue;
    total++;
    if (hits.length < CELL_EXAMPLES_MAX) hits.push(source.rows[i]);
  }
  return { actual, predicted, split: source.split, step: t.step, total, samples: samplesOf(t, source, hits) };
}

/** The typed arrays of the views, to transfer. */
export function imageBuffers(views: ImageViews): ArrayBuffer[] {
  return [views.samples.pixels, views.units.weights, views.units.grads].map((a) => a.buffer as ArrayBuffer);
}
