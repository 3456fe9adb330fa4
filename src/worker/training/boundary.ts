// The decision boundary of a two-input network: the plane its data spans, the network's output over a grid of it, and
// its answer at each data point.
import { decisionGrid, inputBounds, type Dataset, type GridBounds, type Network } from '../../engine';
import type { BoundaryGrid } from '../../protocol';

/** Cells per side of the decision-boundary grid. */
export const BOUNDARY_RESOLUTION = 48;

/** The data drawn on the plane: its bounds, the points' inputs for the network, their coordinates and classes. */
export interface Plane {
  bounds: GridBounds;
  inputs: Float64Array;
  x: Float32Array;
  y: Float32Array;
  cls: Float32Array;
}

/** The two-input plane of a data set: bounds, and each point with its class (argmax of the target row). */
export function planeOf(data: Dataset): Plane {
  const n = data.rows;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const cls = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    x[r] = data.inputs[r * 2];
    y[r] = data.inputs[r * 2 + 1];
    const k = data.outputSize;
    let best = 0;
    for (let c = 1; c < k; c++) if (data.targets[r * k + c] > data.targets[r * k + best]) best = c;
    cls[r] = k === 1 ? data.targets[r] : best;
  }
  return {
    bounds: inputBounds(data.inputs, n, 2),
    inputs: Float64Array.from(data.inputs.subarray(0, n * 2)),
    x,
    y,
    cls,
  };
}

/**
 * The network's answer at each data point of the plane: argmax class, or the output itself for one output; NaN where
 * an output is not finite (a diverged network has no answer, and argmax would make one up).
 */
export function predictedClasses(
  net: Pick<Network, 'outputSize' | 'predict'>,
  plane: Plane,
): Float32Array<ArrayBuffer> {
  const n = plane.x.length;
  const k = net.outputSize;
  const out = net.predict(plane.inputs, n);
  const predicted = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    let best = 0;
    let finite = Number.isFinite(out[p * k]);
    for (let c = 1; c < k; c++) {
      if (out[p * k + c] > out[p * k + best]) best = c;
      finite &&= Number.isFinite(out[p * k + c]);
    }
    predicted[p] = k === 1 ? out[p] : finite ? best : NaN;
  }
  return predicted;
}

/** The boundary message's grid, in fresh arrays the message may transfer. */
export function boundaryGrid(net: Network, plane: Plane): BoundaryGrid {
  return {
    resolution: BOUNDARY_RESOLUTION,
    ...plane.bounds,
    outputs: net.outputSize,
    values: Float32Array.from(decisionGrid(net, plane.bounds, BOUNDARY_RESOLUTION)),
    pointsX: Float32Array.from(plane.x),
    pointsY: Float32Array.from(plane.y),
    pointsClass: Float32Array.from(plane.cls),
    pointsPredicted: predictedClasses(net, plane),
  };
}

/** The buffers a boundary message transfers. */
export function boundaryBuffers(grid: BoundaryGrid): ArrayBuffer[] {
  return [grid.values, grid.pointsX, grid.pointsY, grid.pointsClass, grid.pointsPredicted].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
