// What the panel and hovers show beyond weights: per-layer activation health and the decision surface over two inputs.
import type { Network } from './network';
import type { ActivationName, Floats } from './types';

export interface LayerHealth {
  /** Units whose activation is zero for every sample of the batch (relu only). */
  dead: number;
  /** Units pinned near an asymptote for ≥ 90% of the batch (sigmoid, tanh). */
  saturated: number;
  meanActivation: number;
}

/** Dead and saturated units of every layer, from the batch buffers of the last forward pass over `rows` samples. */
export function layerHealth(net: Network, activations: ActivationName[], rows: number): LayerHealth[] {
  return activations.map((act, l) => {
    const { A } = net.batchView(l);
    const units = net.layout.layers[l].units;
    let dead = 0;
    let saturated = 0;
    let sum = 0;
    for (let u = 0; u < units; u++) {
      let zeros = 0;
      let pinned = 0;
      for (let r = 0; r < rows; r++) {
        const a = A[r * units + u];
        sum += a;
        if (a === 0) zeros++;
        if (isPinned(act, a)) pinned++;
      }
      if (act === 'relu' && rows > 0 && zeros === rows) dead++;
      if (rows > 0 && pinned >= 0.9 * rows) saturated++;
    }
    return { dead, saturated, meanActivation: rows * units > 0 ? sum / (rows * units) : 0 };
  });
}

function isPinned(act: ActivationName, a: number): boolean {
  if (act === 'sigmoid') return a < 0.01 || a > 0.99;
  if (act === 'tanh') return Math.abs(a) > 0.99;
  return false;
}

export interface GridBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Bounds of the first two input columns, widened by a margin so points never sit on the edge. */
export function inputBounds(inputs: Floats, rows: number, inputSize: number): GridBounds {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let r = 0; r < rows; r++) {
    const x = inputs[r * inputSize];
    const y = inputs[r * inputSize + 1];
    xMin = Math.min(xMin, x);
    xMax = Math.max(xMax, x);
    yMin = Math.min(yMin, y);
    yMax = Math.max(yMax, y);
  }
  if (!(xMax >= xMin)) return { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const mx = 0.1 * (xMax - xMin || 1);
  const my = 0.1 * (yMax - yMin || 1);
  return { xMin: xMin - mx, xMax: xMax + mx, yMin: yMin - my, yMax: yMax + my };
}

/**
 * The network's outputs over a resolution × resolution grid of a two-input plane, row-major from (xMin, yMax)
 * (top-left, as drawn): [resolution², outputSize]. Overwrites the network's batch buffers.
 */
export function decisionGrid(net: Network, bounds: GridBounds, resolution: number): Floats {
  const n = resolution * resolution;
  const inputs = new Float64Array(n * 2);
  for (let i = 0; i < resolution; i++) {
    for (let j = 0; j < resolution; j++) {
      const k = (i * resolution + j) * 2;
      inputs[k] = bounds.xMin + ((j + 0.5) / resolution) * (bounds.xMax - bounds.xMin);
      inputs[k + 1] = bounds.yMax - ((i + 0.5) / resolution) * (bounds.yMax - bounds.yMin);
    }
  }
  return net.predict(inputs, n).slice();
}
