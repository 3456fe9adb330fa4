import * as assert from 'node:assert/strict';
import { ParamLayout, paramPath, sameRef, type ParamRef } from '../../../src/shared/paramLayout';
import { makeModel } from '../engine/models';

describe('shared/paramLayout', () => {
  const layout = ParamLayout.ofShape([2, 3, 1]);

  it('places W [units, fanIn] then b per layer', () => {
    assert.deepEqual(layout.layers, [
      { name: 'layer1', fanIn: 2, units: 3, wOffset: 0, bOffset: 6 },
      { name: 'layer2', fanIn: 3, units: 1, wOffset: 9, bOffset: 12 },
    ]);
    assert.equal(layout.size, 13);
    assert.equal(ParamLayout.ofShape([784, 128, 10]).size, 784 * 128 + 128 + 128 * 10 + 10);
    assert.equal(ParamLayout.ofShape([]).size, 0);
  });

  it('lays out a network known only by its shape as the model of that shape, names aside', () => {
    const model = makeModel({
      input: 3,
      hidden: [{ units: 4, activation: 'tanh' }],
      output: { units: 2, activation: 'sigmoid' },
    });
    const places = (l: ParamLayout) =>
      l.layers.map(({ units, fanIn, wOffset, bOffset }) => ({ units, fanIn, wOffset, bOffset }));
    assert.deepEqual(places(ParamLayout.ofShape([3, 4, 2])), places(new ParamLayout(model)));
    assert.deepEqual(
      new ParamLayout(model).layers.map((s) => s.name),
      ['l1', 'l2'],
    );
  });

  it('maps every index to its reference and back, and nothing outside', () => {
    for (let k = 0; k < layout.size; k++) assert.equal(layout.indexOf(layout.refAt(k)!), k);
    assert.deepEqual(layout.refAt(5), { layer: 0, kind: 'weight', row: 2, col: 1 });
    assert.deepEqual(layout.refAt(7), { layer: 0, kind: 'bias', row: 1 });
    assert.deepEqual(layout.refAt(12), { layer: 1, kind: 'bias', row: 0 });
    for (const i of [-1, 13, 0.5, NaN]) assert.equal(layout.refAt(i), undefined, String(i));
    const outside: ParamRef[] = [
      { layer: 0, kind: 'weight', row: 0, col: 2 },
      { layer: 0, kind: 'weight', row: 3, col: 0 },
      { layer: 0, kind: 'bias', row: 3 },
      { layer: 2, kind: 'bias', row: 0 },
      { layer: -1, kind: 'bias', row: 0 },
      { layer: 0, kind: 'bias', row: 0.5 },
      { layer: 1, kind: 'weight', row: 0, col: -1 },
    ];
    for (const ref of outside) assert.equal(layout.indexOf(ref), -1, JSON.stringify(ref));
  });

  it('writes paths with the layer names, and compares references', () => {
    const named = new ParamLayout({
      input: 2,
      layers: [
        { name: 'hidden', units: 3 },
        { name: 'out', units: 1 },
      ],
    });
    assert.equal(named.pathOf({ layer: 1, kind: 'weight', row: 0, col: 2 }), 'out.weights[0][2]');
    assert.equal(paramPath({ layer: 0, kind: 'bias', row: 1 }), 'layer1.biases[1]');
    assert.ok(sameRef({ layer: 0, kind: 'bias', row: 1 }, { layer: 0, kind: 'bias', row: 1 }));
    assert.ok(!sameRef({ layer: 0, kind: 'weight', row: 1, col: 0 }, { layer: 0, kind: 'weight', row: 1, col: 1 }));
    assert.ok(!sameRef({ layer: 0, kind: 'weight', row: 1, col: 0 }, { layer: 0, kind: 'bias', row: 1 }));
    assert.ok(!sameRef(undefined, { layer: 0, kind: 'bias', row: 1 }));
  });

  it('splits a flat vector into per-layer matrices', () => {
    const theta = Array.from({ length: 13 }, (_, i) => i);
    assert.deepEqual(layout.unflatten(theta)[1], { name: 'layer2', weights: [[9, 10, 11]], biases: [12] });
  });
});
