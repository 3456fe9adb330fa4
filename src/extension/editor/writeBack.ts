// Plans "Write Weights to Spec": minimal edits for the trained values, or why it must not write. Pure.
import { ParamLayout } from '../../shared/paramLayout';
import { unwritableReason, weightEdits } from '../../netspec/index';
import type { Spec, TextEdit } from '../../netspec/types';
import { layerShape, sameShape } from './specShape';

export type WritePlan = { ok: true; edits: TextEdit[] } | { ok: false; error: string };

export interface TrainedWeights {
  /** [input, units…] of the spec the session loaded. */
  shape: readonly number[];
  params: Float64Array;
  diverged: boolean;
}

/** The edits that put `trained` into `text` (whose current parse is `spec`), numbers rounded to `digits`. */
export function planWriteBack(
  text: string,
  spec: Spec | undefined,
  trained: TrainedWeights,
  digits: number | undefined,
): WritePlan {
  if (trained.diverged)
    return {
      ok: false,
      error:
        'Training diverged, so there are no finite weights to write. Reset and train again with a smaller learning ' +
        'rate.',
    };
  if (!spec) return { ok: false, error: 'The spec has errors now; fix them before writing weights into it.' };
  if (!sameShape(layerShape(spec.model), trained.shape)) {
    return {
      ok: false,
      error:
        `The spec's layer sizes changed since training began (${trained.shape.join('-')} → ` +
        `${layerShape(spec.model).join('-')}); reset to train the new shape first.`,
    };
  }
  const layers = new ParamLayout(spec.model).unflatten(trained.params);
  const refused = unwritableReason(layers, digits);
  if (refused)
    return {
      ok: false,
      error: `Nothing was written: ${refused}. Training blew up; lower the learning rate, reset and train again.`,
    };
  return { ok: true, edits: weightEdits(text, layers, { digits }) };
}
