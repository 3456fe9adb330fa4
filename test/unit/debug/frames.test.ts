// The Call Stack of a paused position and the layer a spec line belongs to.
import * as assert from 'node:assert/strict';
import { framesOf, layerAtLine } from '../../../src/debug/frames';
import { startInfo } from './startInfo';

describe('debug/frames', () => {
  const names = (...args: Parameters<typeof framesOf>): string[] => framesOf(...args).map((f) => f.name);

  it('names step 0 before the first, and an edited session on its step frame', () => {
    assert.deepEqual(names(startInfo(), { step: 0, epoch: 1 }), ['train step 0 (before the first)', 'epoch 1']);
    assert.deepEqual(names(startInfo(), { step: 4, epoch: 1, edited: true }), ['train step 4 (edited)', 'epoch 1']);
  });

  it('counts a phase in the step under way, and the update in the step it ends', () => {
    // Four steps an epoch: steps 1–4 are epoch 1, step 5 opens epoch 2.
    assert.deepEqual(names(startInfo(), { step: 4, epoch: 1, phase: { kind: 'forward', layer: 0 } }), [
      'hidden.forward',
      'train step 5',
      'epoch 2',
    ]);
    assert.deepEqual(names(startInfo(), { step: 4, epoch: 1, phase: { kind: 'update' } }), [
      'update',
      'train step 4',
      'epoch 1',
    ]);
  });

  it("points a layer's phase at its object, the loss and the update at their fields, the step at training", () => {
    const info = startInfo();
    const [hidden] = framesOf(info, { step: 0, epoch: 1, phase: { kind: 'backward', layer: 0 } });
    assert.deepEqual(hidden, {
      id: 1,
      name: 'hidden.backward',
      line: 5,
      column: 5,
      endLine: 12,
      endColumn: 6,
      layer: 0,
    });
    const [loss, step] = framesOf(info, { step: 0, epoch: 1, phase: { kind: 'loss' } });
    assert.deepEqual([loss.line, loss.layer, step.line], [21, undefined, 23]);
    assert.equal(framesOf(info, { step: 1, epoch: 1, phase: { kind: 'update' } })[0].line, 22);
    info.lines = {};
    delete info.layers[0].range;
    const [top, , epoch] = framesOf(info, { step: 0, epoch: 1, phase: { kind: 'forward', layer: 0 } });
    assert.deepEqual([top.line, top.column, epoch.line], [1, 1, 1], 'unlocated parts point at the top');
  });

  it('finds the layer whose object spans a line, ends included', () => {
    const info = startInfo();
    assert.deepEqual(
      [4, 5, 12, 13, 19, 20].map((line) => layerAtLine(info, line)),
      [undefined, 0, 0, 1, 1, undefined],
    );
  });
});
