// Checks what a webview posts before the host uses it: the webview is untrusted input. Pure.
import type { FromWebview } from '../../protocol';
import { checkMessage, num, paramRef, refine, type MessageChecks } from '../../shared/check';
import { ParamLayout } from '../../shared/paramLayout';

const learningRate = refine(num, (v) => (Number.isFinite(v) && v > 0 ? undefined : 'a positive number'));

/** Every message's checks, its parameter references checked against a network of `layout`. */
function checks(layout: ParamLayout, outputs: number): MessageChecks<FromWebview> {
  const ref = refine(paramRef, (r) => (layout.indexOf(r) >= 0 ? undefined : 'a parameter of this network'));
  // One sigmoid output answers yes or no: classes 0 and 1.
  const classes = outputs === 1 ? 2 : outputs;
  const classIndex = refine(num, (v) =>
    Number.isInteger(v) && v >= 0 && v < classes ? undefined : `a class of this network (0 to ${classes - 1})`,
  );
  return {
    'ui/ready': {},
    'train/run': {},
    'train/pause': {},
    'train/step': {},
    'train/reset': {},
    'check/run': {},
    'weights/write': {},
    'model/export': {},
    'train/setLearningRate': { value: learningRate },
    'spec/reveal': { ref },
    'param/inspect': { ref },
    'images/cell': { actual: classIndex, predicted: classIndex },
  };
}

/**
 * The message as a FromWebview, or undefined when it is not one (wrong shape, unknown type, bad value).
 * `shape` is the spec's [input, units…], to check parameter references; empty when the spec never parsed.
 */
export function parseFromWebview(raw: unknown, shape: readonly number[] = []): FromWebview | undefined {
  const checked = checkMessage(checks(ParamLayout.ofShape(shape), shape.length > 1 ? shape[shape.length - 1] : 0), raw);
  return checked.ok ? checked.message : undefined;
}
