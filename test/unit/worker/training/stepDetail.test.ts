import * as assert from 'node:assert/strict';
import { stepDetailOf } from '../../../../src/worker/training/stepDetail';
import { xorTrainer } from './xor';

describe('worker/training/stepDetail', () => {
  it("copies the last step's batch: inputs, and z, a, dJ/da, dJ/dz of every layer", () => {
    const { trainer: t } = xorTrainer();
    t.trainStep();
    const detail = stepDetailOf(t);
    assert.equal(detail.step, 1);
    assert.deepEqual(detail.rows, [0, 1, 2, 3], 'one full batch in order');
    assert.deepEqual(Array.from(detail.inputs), Array.from(t.net.batchView(0).X.subarray(0, 8)));
    assert.equal(detail.layers.length, t.model.layers.length);
    detail.layers.forEach((layer, l) => {
      const units = t.net.layout.layers[l].units;
      const view = t.net.batchView(l);
      assert.deepEqual(Array.from(layer.Z), Array.from(view.Z.subarray(0, 4 * units)));
      assert.deepEqual(Array.from(layer.dZ), Array.from(view.dZ.subarray(0, 4 * units)));
      assert.notEqual(layer.Z.buffer, view.Z.buffer, 'a copy the next step leaves alone');
    });
    const last = detail.layers.at(-1);
    assert.equal(detail.fusedOutput, t.net.outputFused);
    assert.equal(last?.dA === undefined, t.net.outputFused, 'a fused output has no dJ/da of its own');
    assert.ok(detail.layers.slice(0, -1).every((layer) => layer.dA !== undefined));
  });
});
