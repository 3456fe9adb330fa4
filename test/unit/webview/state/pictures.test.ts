import * as assert from 'node:assert/strict';
import type { PooledPicture } from '../../../../src/protocol';
import { panelSnapshot } from '../../../../src/worker/panelSnapshot';
import type { ParamRef } from '../../../../src/protocol';
import { blockAt, decode, exactValue, ExactValues, pictureValues } from '../../../../webview/state/pictures';
import { NON_FINITE_CELL } from '../../../../src/shared/pictures';
import { samplePanelSnapshot } from '../fixtures';

describe('webview/pictures', () => {
  it('reads exact weights and biases of small layers straight from the snapshot', () => {
    const snap = samplePanelSnapshot(3);
    // Layer 0 of the 2-2-1 network: W [2×2] at 0…3, b at 4…5; W[1][0] is flat 2.
    assert.deepEqual(exactValue(snap, { layer: 0, kind: 'weight', row: 1, col: 0 }), {
      ref: { layer: 0, kind: 'weight', row: 1, col: 0 },
      step: 3,
      value: 3,
      grad: 0.03,
      update: -0.002,
    });
    assert.deepEqual(exactValue(snap, { layer: 1, kind: 'bias', row: 0 }), {
      ref: { layer: 1, kind: 'bias', row: 0 },
      step: 3,
      value: 9,
      grad: 0.09,
      update: -0.008,
    });
    assert.equal(exactValue(snap, { layer: 1, kind: 'weight', row: 1, col: 0 }), undefined);
    assert.equal(exactValue(snap, { layer: 2, kind: 'bias', row: 0 }), undefined);
    assert.deepEqual(pictureValues(snap.layers[1], 'gradients'), { exact: Float64Array.of(0.07, 0.08) });
  });

  it('needs the host for a weight of a pooled layer, and takes its answer only when it is as new', () => {
    const size = 300 * 100 + 300;
    const v = Float64Array.from({ length: size }, (_, i) => i);
    const exact = { step: 8, epoch: 1, loss: 1, params: v, grads: v.map((x) => -x), lastUpdate: v, health: [] };
    const snap = panelSnapshot(exact, exact, [{ units: 300, fanIn: 100, wOffset: 0, bOffset: 30_000 }]);
    const picture = snap.layers[0] as PooledPicture;
    const ref = { layer: 0, kind: 'weight' as const, row: 299, col: 99 };
    assert.equal(picture.kind, 'pooled');
    assert.equal(exactValue(snap, ref), undefined);
    const asked: ParamRef[] = [];
    const values = new ExactValues((r) => asked.push(r));
    assert.equal(values.get(snap, ref), undefined);
    assert.equal(values.get(snap, ref), undefined);
    assert.deepEqual(asked, [ref], 'asked once while the host has not answered');
    const answer = { ref, step: 8, value: 29_999, grad: 1, update: 0 };
    values.answer(answer);
    assert.equal(values.get(snap, ref), answer);
    // Another view asks about another weight: both answers stay (no ping-pong of questions).
    const other = { ...ref, col: 98 };
    assert.equal(values.get(snap, other), undefined);
    values.answer({ ...answer, ref: other, value: 29_998 });
    assert.equal(values.get(snap, ref), answer);
    assert.equal(values.get(snap, other)?.value, 29_998);
    assert.deepEqual(asked, [ref, other]);
    // A newer snapshot: each weight is asked about again, once, and the older answer shows (with its step) meanwhile.
    const newer = { ...snap, step: 9 };
    assert.equal(values.get(newer, ref), answer);
    assert.equal(values.get(newer, ref), answer);
    assert.deepEqual(asked, [ref, other, ref]);
    assert.equal(
      values.get(newer, { layer: 0, kind: 'bias', row: 299 })?.value,
      30_299,
      'biases are exact in the snapshot, never asked',
    );
    assert.equal(asked.length, 3);
    // A new state (perhaps a new session) forgets the answers: they are asked again.
    values.clear();
    assert.equal(values.get(newer, ref), undefined);
    assert.deepEqual(asked, [ref, other, ref, ref]);
    // The cell over W[299][99]: rows 297…299 (steps of 3), column 99 alone; its value is the layer's largest.
    assert.deepEqual(blockAt(picture, 299, 99, 300, 100), {
      rows: [297, 299],
      cols: [99, 99],
      weight: 29_999,
      grad: -29_999,
    });
    const first = blockAt(picture, 0, 0, 300, 100)!;
    // W[0…2][0]: the largest is 200, within one code step (29,999 / 127) of its picture.
    assert.ok(Math.abs(first.weight - 200) <= 29_999 / 254, String(first.weight));
    assert.equal(blockAt(picture, 300, 0, 300, 100), undefined);
    assert.deepEqual(pictureValues(picture, 'weights'), { codes: picture.weights, scale: 29_999 });
  });

  it('decodes cells, a non-finite block as NaN', () => {
    assert.equal(decode(127, 2), 2);
    assert.equal(decode(-64, 1.27), -0.64);
    assert.ok(Number.isNaN(decode(NON_FINITE_CELL, 5)));
  });
});
