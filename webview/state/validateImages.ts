// Checks of the image views' parts of host messages (pure); sizes that must agree are checked here, the picture
// size against the spec's input shape where the views draw.
import type { CellExamples, ImageSamples, ImageViews, UnitImages } from '../../src/protocol';
import { arr, i8, num, obj, oneOf, opt, refine, u8 } from '../../src/shared/check';

const SPLITS: Record<ImageViews['split'], true> = { training: true, validation: true };
const split = oneOf(SPLITS, '"training" or "validation"');

const samples = refine(
  obj<ImageSamples>({ rows: arr(num), pixels: u8, labels: opt(arr(num)), predicted: opt(arr(num)) }),
  (s) => {
    if (s.rows.length > 0 ? s.pixels.length % s.rows.length !== 0 : s.pixels.length !== 0)
      return 'with the same number of pixels per row';
    if ((s.labels === undefined) !== (s.predicted === undefined)) return 'with both labels and predictions, or neither';
    if (s.labels && (s.labels.length !== s.rows.length || s.predicted!.length !== s.rows.length))
      return 'with one label and prediction per row';
    return undefined;
  },
);

const units = refine(
  obj<UnitImages>({
    count: num,
    total: num,
    weights: i8,
    weightScales: arr(num),
    grads: i8,
    gradScales: arr(num),
  }),
  (u) =>
    u.weightScales.length === u.count &&
    u.gradScales.length === u.count &&
    u.grads.length === u.weights.length &&
    (u.count === 0 ? u.weights.length === 0 : u.weights.length % u.count === 0)
      ? undefined
      : 'with one scale and the same number of weights and gradients per unit',
);

export const imageViews = refine(obj<ImageViews>({ split, samples, units, confusion: opt(arr(arr(num))) }), (v) =>
  v.confusion && v.confusion.some((row) => row.length !== v.confusion!.length)
    ? 'with a square confusion matrix'
    : undefined,
);

export const cellExamples = obj<CellExamples>({
  actual: num,
  predicted: num,
  split,
  step: num,
  total: num,
  samples,
});
