// The shape of a network ([input, units per layer]): what must not change between training and writing weights back.
// Pure.
import type { ModelConfig } from '../../engine/types';

export function layerShape(model: ModelConfig): number[] {
  return [model.input, ...model.layers.map((l) => l.units)];
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
