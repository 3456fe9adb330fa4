import * as assert from 'node:assert/strict';
import { panelSnapshot } from '../../../src/worker/panelSnapshot';
import { blockAt, exactValue, isExact, knownValue } from '../../../webview/pictures';
import { samplePanelSnapshot } from './fixtures';

describe('webview/pictures', () => {
  it('reads exact weights and biases of small layers straight from the snapshot', () => {
    const snap = samplePanelSnapshot(3);
    // Layer 0 of the 2-2-1 network: W [2×2] at 0…3, b at 4…5; W[1][0] is flat 2.
    assert.deepEqual(exactValue(snap, { layer: 0, kind: 'weight', row: 1, col: 0 }),
      { ref: { layer: 0, kind: 'weight', row: 1, col: 0 }, step: 3, value: 3, grad: 0.03, update: -0.002 });
    assert.deepEqual(exactValue(snap, { layer: 1, kind: 'bias', row: 0 }), { ref: { layer: 1, kind: 'bias', row: 0 }, step: 3, value: 9, grad: 0.09, update: -0.008 });
    assert.equal(exactValue(snap, { layer: 1, kind: 'weight', row: 1, col: 0 }), undefined);
    assert.equal(exactValue(snap, { layer: 2, kind: 'bias', row: 0 }), undefined);
  });

  it('needs the host for a weight of a pooled layer, and takes its answer only when it is as new', () => {
    const size = 300 * 100 + 300;
    const v = Float64Array.from({ length: size }, (_, i) => i);
    const snap = panelSnapshot({ step: 8, epoch: 1, loss: 1, params: v, grads: v, lastUpdate: v, health: [] }, [{ units: 300, fanIn: 100, wOffset: 0, bOffset: 30_000 }]);
    const ref = { layer: 0, kind: 'weight' as const, row: 299, col: 99 };
    assert.equal(isExact(snap.layers[0]!), false);
    assert.equal(exactValue(snap, ref), undefined);
    const answer = { ref, step: 8, value: 29_999, grad: 1, update: 0 };
    assert.equal(knownValue(snap, ref, answer), answer);
    assert.equal(knownValue(snap, ref, { ...answer, step: 7 }), undefined, 'an older answer');
    assert.equal(knownValue(snap, { ...ref, col: 98 }, answer), undefined, 'another weight');
    assert.equal(knownValue(snap, { layer: 0, kind: 'bias', row: 299 }, answer)?.value, 30_299, 'biases stay exact');
    // The cell over W[299][99]: rows 297…299 (steps of 3), column 99 alone; the largest value there is the last.
    assert.deepEqual(blockAt(snap.layers[0]!, 299, 99, 300, 100), { rows: [297, 299], cols: [99, 99], weight: 29_999, grad: 29_999 });
    assert.equal(blockAt(snap.layers[0]!, 300, 0, 300, 100), undefined);
  });
});
