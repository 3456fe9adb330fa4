import * as assert from 'node:assert/strict';
import { decisionGrid, type Dataset } from '../../../../src/engine';
import {
  BOUNDARY_RESOLUTION,
  boundaryBuffers,
  boundaryGrid,
  planeOf,
  predictedClasses,
  type Plane,
} from '../../../../src/worker/training/boundary';
import { xorTrainer } from './xor';

/** Three points of two inputs, with `targets` of `outputSize` per row. */
function dataset(outputSize: number, targets: number[]): Dataset {
  return {
    rows: 3,
    inputSize: 2,
    outputSize,
    inputs: Float64Array.of(0, 1, -2, 3, 4, -5),
    targets: Float64Array.from(targets),
  };
}

/** A network stand-in answering `outputs` for any rows. */
const answering = (outputSize: number, outputs: number[]) => ({
  outputSize,
  predict: () => Float64Array.from(outputs),
});

describe('worker/training/boundary', () => {
  it("places each data point on the plane with its class: the target row's argmax", () => {
    const plane = planeOf(dataset(3, [0, 0, 1, 0, 1, 0, 0.2, 0.1, 0.1]));
    assert.deepEqual(Array.from(plane.x), [0, -2, 4]);
    assert.deepEqual(Array.from(plane.y), [1, 3, -5]);
    assert.deepEqual(Array.from(plane.cls), [2, 1, 0]);
    assert.deepEqual(Array.from(plane.inputs), [0, 1, -2, 3, 4, -5]);
    assert.ok(plane.bounds.xMin <= -2 && plane.bounds.xMax >= 4 && plane.bounds.yMin <= -5 && plane.bounds.yMax >= 3);
  });

  it('gives a one-output data point its target itself', () => {
    assert.deepEqual(Array.from(planeOf(dataset(1, [0.25, 1, 0])).cls), [0.25, 1, 0]);
  });

  it("predicts the argmax class, a single output's value, and no class where an output is not finite", () => {
    const plane: Plane = planeOf(dataset(2, [1, 0, 0, 1, 1, 0]));
    assert.deepEqual(Array.from(predictedClasses(answering(2, [0.1, 0.9, 0.7, 0.3, 0.5, Infinity]), plane)), [
      1,
      0,
      NaN,
    ]);
    assert.deepEqual(Array.from(predictedClasses(answering(2, [NaN, 0.9, 0.7, 0.3, 0, 0]), plane)), [NaN, 0, 0]);
    assert.deepEqual(Array.from(predictedClasses(answering(1, [0.25, 0.75, NaN]), plane)), [0.25, 0.75, NaN]);
  });

  it("grids the network's outputs over the plane, with the points, in buffers of its own", () => {
    const { trainer: t, data } = xorTrainer();
    const plane = planeOf(data);
    const grid = boundaryGrid(t.net, plane);
    assert.equal(grid.resolution, BOUNDARY_RESOLUTION);
    assert.deepEqual([grid.xMin, grid.xMax, grid.yMin, grid.yMax], Object.values(plane.bounds));
    assert.equal(grid.outputs, 1);
    assert.deepEqual(grid.values, Float32Array.from(decisionGrid(t.net, plane.bounds, BOUNDARY_RESOLUTION)));
    assert.deepEqual(grid.pointsX, plane.x);
    assert.notEqual(grid.pointsX, plane.x, 'a copy: the transfer leaves the plane intact');
    assert.deepEqual(grid.pointsPredicted, predictedClasses(t.net, plane));
    const buffers = boundaryBuffers(grid);
    assert.equal(new Set(buffers).size, 5);
    assert.ok(!buffers.includes(plane.x.buffer as ArrayBuffer));
  });
});
