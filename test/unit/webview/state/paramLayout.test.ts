import * as assert from 'node:assert/strict';
import { paramLayout, paramTotal, refAt, refIndex, refLabel, sameRef } from '../../../../webview/state/paramLayout';

describe('webview/paramLayout', () => {
  const layout = paramLayout(2, [{ units: 3 }, { units: 1 }]);

  it('places W [units, fanIn] then b per layer', () => {
    assert.deepEqual(layout, [
      { fanIn: 2, units: 3, wOffset: 0, bOffset: 6 },
      { fanIn: 3, units: 1, wOffset: 9, bOffset: 12 },
    ]);
    assert.equal(paramTotal(layout), 13);
    assert.equal(paramTotal(paramLayout(784, [{ units: 128 }, { units: 10 }])), 784 * 128 + 128 + 128 * 10 + 10);
  });

  it('maps references to indices and back for every parameter', () => {
    for (let k = 0; k < 13; k++) assert.equal(refIndex(layout, refAt(layout, k)!), k);
    assert.deepEqual(refAt(layout, 5), { layer: 0, kind: 'weight', row: 2, col: 1 });
    assert.deepEqual(refAt(layout, 7), { layer: 0, kind: 'bias', row: 1 });
    assert.equal(refAt(layout, 13), undefined);
    assert.equal(refIndex(layout, { layer: 0, kind: 'weight', row: 0, col: 2 }), -1);
    assert.equal(refIndex(layout, { layer: 2, kind: 'bias', row: 0 }), -1);
  });

  it('labels and compares references', () => {
    assert.equal(refLabel({ layer: 1, kind: 'weight', row: 0, col: 2 }, 'out'), 'out.weights[0][2]');
    assert.equal(refLabel({ layer: 0, kind: 'bias', row: 1 }), 'layer1.biases[1]');
    assert.ok(sameRef({ layer: 0, kind: 'bias', row: 1 }, { layer: 0, kind: 'bias', row: 1 }));
    assert.ok(!sameRef({ layer: 0, kind: 'weight', row: 1, col: 0 }, { layer: 0, kind: 'weight', row: 1, col: 1 }));
    assert.ok(!sameRef(undefined, { layer: 0, kind: 'bias', row: 1 }));
  });
});
