import * as assert from 'node:assert/strict';
import { parseFromWebview } from '../../../../src/extension/panel/messages';

describe('extension/webviewMessages', () => {
  const shape = [2, 3, 1];

  it('accepts every message type in its valid form', () => {
    for (const type of [
      'ui/ready',
      'train/run',
      'train/pause',
      'train/step',
      'train/reset',
      'check/run',
      'weights/write',
      'model/export',
    ]) {
      assert.deepEqual(parseFromWebview({ type, extra: 1 }, shape), { type });
    }
    assert.deepEqual(parseFromWebview({ type: 'train/setLearningRate', value: 0.01 }, shape), {
      type: 'train/setLearningRate',
      value: 0.01,
    });
    const weight = { layer: 1, kind: 'weight', row: 0, col: 2 };
    assert.deepEqual(parseFromWebview({ type: 'spec/reveal', ref: weight }, shape), {
      type: 'spec/reveal',
      ref: weight,
    });
    assert.deepEqual(parseFromWebview({ type: 'param/inspect', ref: weight, extra: 1 }, shape), {
      type: 'param/inspect',
      ref: weight,
    });
    assert.deepEqual(parseFromWebview({ type: 'spec/reveal', ref: { layer: 0, kind: 'bias', row: 2 } }, shape), {
      type: 'spec/reveal',
      ref: { layer: 0, kind: 'bias', row: 2 },
    });
  });

  it('refuses learning rates that are not finite and positive', () => {
    for (const value of [0, -1, NaN, Infinity, '0.1', undefined]) {
      assert.equal(parseFromWebview({ type: 'train/setLearningRate', value }, shape), undefined, String(value));
    }
  });

  it('refuses parameter references outside the network or not integers', () => {
    const bad = [
      { layer: 2, kind: 'bias', row: 0 },
      { layer: 0, kind: 'bias', row: 3 },
      { layer: 0, kind: 'weight', row: 0, col: 2 },
      { layer: 1, kind: 'weight', row: 0 },
      { layer: 0.5, kind: 'bias', row: 0 },
      { layer: -1, kind: 'bias', row: 0 },
      { layer: 0, kind: 'gradient', row: 0 },
      null,
    ];
    for (const ref of bad)
      assert.equal(parseFromWebview({ type: 'spec/reveal', ref }, shape), undefined, JSON.stringify(ref));
    for (const ref of bad)
      assert.equal(parseFromWebview({ type: 'param/inspect', ref }, shape), undefined, JSON.stringify(ref));
    assert.equal(parseFromWebview({ type: 'spec/reveal', ref: { layer: 0, kind: 'bias', row: 0 } }, []), undefined);
  });

  it('refuses non-objects and unknown types', () => {
    for (const raw of [null, 42, 'ui/ready', {}, { type: 'ui/unknown' }, { kind: 'ui/ready' }])
      assert.equal(parseFromWebview(raw, shape), undefined);
  });
  it('accepts a confusion cell only as two classes of the network (one output: classes 0 and 1)', () => {
    const cell = (actual: unknown, predicted: unknown, s = [64, 16, 10]) =>
      parseFromWebview({ type: 'images/cell', actual, predicted }, s);
    assert.deepEqual(cell(3, 9), { type: 'images/cell', actual: 3, predicted: 9 });
    for (const [a, p] of [
      [10, 0],
      [0, -1],
      [1.5, 0],
      ['1', 0],
      [0, undefined],
    ])
      assert.equal(cell(a, p), undefined, `${String(a)}, ${String(p)}`);
    assert.deepEqual(cell(1, 0, shape), { type: 'images/cell', actual: 1, predicted: 0 });
    assert.equal(cell(2, 0, shape), undefined);
    assert.equal(cell(0, 0, []), undefined, 'no spec, no classes');
  });
});
