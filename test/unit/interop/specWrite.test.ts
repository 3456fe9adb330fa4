// A new spec's loss from what a model file names: the name and its reduction over outputs kept where they fit.
import * as assert from 'node:assert/strict';
import { defaultLoss, newSpecText, type BridgeNetwork } from '../../../src/interop';
import { parseSpec } from '../../../src/netspec';
import { memoryHost } from '../netspec/helpers';

const net = (output: 'sigmoid' | 'softmax' | 'identity'): BridgeNetwork => ({
  name: 'n',
  input: 1,
  layers: [
    {
      name: 'out',
      units: 2,
      fanIn: 1,
      activation: output,
      weights: Float64Array.from([0.5, -0.25]),
      biases: Float64Array.from([0, 1]),
    },
  ],
});

describe('interop/specWrite', () => {
  it('keeps the named loss and reduction when they fit, else the default reduction', () => {
    assert.deepEqual(defaultLoss(net('identity'), 'mse', 'sum'), { loss: 'mse', outputs: 'sum', guessed: false });
    assert.deepEqual(defaultLoss(net('sigmoid'), 'binary-cross-entropy', 'mean'), {
      loss: 'binary-cross-entropy',
      outputs: 'mean',
      guessed: false,
    });
    // Cross-entropy has only "sum"; an unknown or absent reduction is the loss's default.
    assert.deepEqual(defaultLoss(net('softmax'), 'cross-entropy', 'mean'), {
      loss: 'cross-entropy',
      outputs: 'sum',
      guessed: false,
    });
    assert.deepEqual(defaultLoss(net('identity'), 'mse', 'total'), { loss: 'mse', outputs: 'mean', guessed: false });
    assert.deepEqual(defaultLoss(net('identity'), 'mse'), { loss: 'mse', outputs: 'mean', guessed: false });
    // A loss that does not fit the output is guessed again, and the file's reduction goes with it.
    assert.deepEqual(defaultLoss(net('sigmoid'), 'cross-entropy', 'sum'), {
      loss: 'binary-cross-entropy',
      outputs: 'mean',
      guessed: true,
    });
  });

  it('writes the object form only for a reduction other than the default, and the spec reads it back', () => {
    const cases = [
      { loss: 'mse', outputs: 'sum', output: 'identity', text: '"loss": { "type": "mse", "outputs": "sum" }' },
      { loss: 'mse', outputs: 'mean', output: 'identity', text: '"loss": "mse"' },
      { loss: 'binary-cross-entropy', outputs: 'sum', output: 'sigmoid', text: '"outputs": "sum"' },
      { loss: 'cross-entropy', outputs: 'sum', output: 'softmax', text: '"loss": "cross-entropy"' },
    ] as const;
    for (const c of cases) {
      const text = newSpecText(net(c.output), { loss: c.loss, outputs: c.outputs, header: [] });
      assert.ok(text.includes(c.text), text);
      const { spec, problems } = parseSpec(text, memoryHost({}));
      assert.ok(spec, problems.map((p) => p.message).join('\n'));
      assert.deepEqual([spec.model.loss, spec.model.lossOutputs], [c.loss, c.outputs]);
    }
  });
});
