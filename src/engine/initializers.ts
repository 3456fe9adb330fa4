// Weight initializers: how a layer without explicit weights gets its starting values.
import type { Rng } from './rng';
import type { InitSpec } from './types';

/** Fills w ([units, fanIn], row-major) from the initializer, drawing from rng in row-major order. */
export function initialize(init: InitSpec, w: Float64Array, fanIn: number, fanOut: number, rng: Rng): void {
  const draw = drawFunction(init, fanIn, fanOut, rng);
  for (let i = 0; i < w.length; i++) w[i] = draw();
}

function drawFunction(init: InitSpec, fanIn: number, fanOut: number, rng: Rng): () => number {
  if (init === 'zeros') return () => 0;
  if (init === 'xavier') {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return () => rng.uniform(-limit, limit);
  }
  if (init === 'he') {
    const std = Math.sqrt(2 / fanIn);
    return () => std * rng.normal();
  }
  if ('normal' in init) return () => init.normal * rng.normal();
  return () => rng.uniform(-init.uniform, init.uniform);
}
