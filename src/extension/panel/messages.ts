// Checks what a webview posts before the host uses it: the webview is untrusted input. Pure.
import type { FromWebview, ParamRefInfo } from '../../protocol';

type Raw = Record<string, unknown>;

function isIndex(v: unknown, below: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < below;
}

/** A weight or bias that exists in a network of `shape` ([input, units…]), else undefined. */
function paramRef(raw: unknown, shape: readonly number[]): ParamRefInfo | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { layer, kind, row, col } = raw as Raw;
  if (!isIndex(layer, shape.length - 1) || !isIndex(row, shape[layer + 1])) return undefined;
  if (kind === 'bias') return { layer, kind, row };
  if (kind === 'weight' && isIndex(col, shape[layer])) return { layer, kind, row, col };
  return undefined;
}

/**
 * The message as a FromWebview, or undefined when it is not one (wrong shape, unknown type, bad value).
 * `shape` is the spec's [input, units…], to check parameter references; empty when the spec never parsed.
 */
export function parseFromWebview(raw: unknown, shape: readonly number[] = []): FromWebview | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const msg = raw as Raw;
  const type = msg.type as FromWebview['type'];
  switch (type) {
    case 'ui/ready':
    case 'train/run':
    case 'train/pause':
    case 'train/step':
    case 'train/reset':
    case 'check/run':
    case 'weights/write':
    case 'model/export':
      return { type };
    case 'train/setLearningRate': {
      const value = msg.value;
      return typeof value === 'number' && Number.isFinite(value) && value > 0 ? { type, value } : undefined;
    }
    case 'spec/reveal':
    case 'param/inspect': {
      const ref = paramRef(msg.ref, shape);
      return ref ? { type, ref } : undefined;
    }
    default: {
      const unknown: never = type;
      void unknown;
      return undefined;
    }
  }
}
