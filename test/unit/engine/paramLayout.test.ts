import * as assert from 'node:assert/strict';
import { ParamLayout } from '../../../src/engine';
import { makeModel } from './models';

describe('engine/paramLayout', () => {
  it('lays out a network known only by its shape as the model of that shape', () => {
    const model = makeModel({
      input: 3,
      hidden: [{ units: 4, activation: 'tanh' }],
      output: { units: 2, activation: 'sigmoid' },
    });
    const fromModel = new ParamLayout(model);
    const fromShape = ParamLayout.ofShape([3, 4, 2]);
    const places = (l: ParamLayout) =>
      l.layers.map(({ units, fanIn, wOffset, bOffset }) => ({ units, fanIn, wOffset, bOffset }));
    assert.deepEqual(places(fromShape), places(fromModel));
    assert.equal(fromShape.size, 3 * 4 + 4 + 4 * 2 + 2);
    assert.deepEqual(
      fromShape.layers.map((s) => s.name),
      ['layer1', 'layer2'],
    );
    assert.equal(fromShape.indexOf({ layer: 1, kind: 'weight', row: 1, col: 3 }), 16 + 4 + 3);
    assert.equal(fromShape.indexOf({ layer: 1, kind: 'bias', row: 1 }), 16 + 8 + 1);
  });
});
