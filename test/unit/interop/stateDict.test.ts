// nn.Sequential state_dicts: this project's naming out, dense layers in module order back in.
import * as assert from 'node:assert/strict';
import {
  layersFromStateDict,
  readSafetensors,
  stateDictMetadata,
  stateDictTensors,
  writeSafetensors,
} from '../../../src/interop';
import type { BridgeNetwork, SafeTensor } from '../../../src/interop';

const net: BridgeNetwork = {
  name: 'n',
  input: 2,
  layers: [
    {
      name: 'h',
      units: 3,
      fanIn: 2,
      activation: 'relu',
      weights: Float64Array.from([1, 2, 3, 4, 5, 6]),
      biases: Float64Array.from([7, 8, 9]),
    },
    {
      name: 'o',
      units: 1,
      fanIn: 3,
      activation: 'sigmoid',
      weights: Float64Array.from([1, 1, 1]),
      biases: Float64Array.from([0]),
    },
  ],
};

const tensor = (name: string, shape: number[]): SafeTensor => ({
  name,
  dtype: 'F64',
  shape,
  values: new Float64Array(shape.reduce((a, b) => a * b, 1)),
});

describe('interop/stateDict', () => {
  it('names Linear layers 0, 2, 4, … with activation modules between them, and reads them back', () => {
    const tensors = stateDictTensors(net, 'float64');
    assert.deepEqual(
      tensors.map((t) => [t.name, t.shape]),
      [
        ['0.weight', [3, 2]],
        ['0.bias', [3]],
        ['2.weight', [1, 3]],
        ['2.bias', [1]],
      ],
    );
    const loss = { loss: 'binary-cross-entropy', lossOutputs: 'sum' } as const;
    const file = readSafetensors(writeSafetensors(tensors, stateDictMetadata(net, loss)));
    const back = layersFromStateDict(file.tensors, file.metadata, 'fallback');
    assert.ok(back.sequential && back.activationsKnown);
    assert.equal(back.loss, 'binary-cross-entropy');
    assert.equal(back.lossOutputs, 'sum');
    assert.equal(back.network.name, 'n');
    assert.deepEqual(
      back.network.layers.map((l) => [l.activation, Array.from(l.weights), Array.from(l.biases)]),
      net.layers.map((l) => [l.activation, Array.from(l.weights), Array.from(l.biases)]),
    );
  });

  it('orders modules by number (2 before 10), allows gaps (Dropout) and missing biases', () => {
    const dict = layersFromStateDict(
      [tensor('10.weight', [2, 4]), tensor('0.weight', [3, 5]), tensor('3.weight', [4, 3]), tensor('3.bias', [4])],
      {},
      'plain',
    );
    assert.deepEqual(dict.modules, ['0', '3', '10']);
    assert.deepEqual(
      dict.network.layers.map((l) => [l.name, l.units, l.fanIn, l.activation]),
      [
        ['layer1', 3, 5, 'identity'],
        ['layer2', 4, 3, 'identity'],
        ['layer3', 2, 4, 'identity'],
      ],
    );
    assert.equal(dict.activationsKnown, false);
    assert.equal(dict.network.name, 'plain');
  });

  it('takes named modules in natural order, but not as nn.Sequential', () => {
    const dict = layersFromStateDict([tensor('fc10.weight', [2, 4]), tensor('fc2.weight', [4, 3])], {}, 'x');
    assert.deepEqual(dict.modules, ['fc2', 'fc10']);
    assert.equal(dict.sequential, false);
  });
});
