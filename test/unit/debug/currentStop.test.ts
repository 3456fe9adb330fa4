// What the client sees of a stop: the Call Stack, the layer a frame computes, the panel's focus, the values beside
// each layer's line and the exception widget.
import * as assert from 'node:assert/strict';
import { Source } from '@vscode/debugadapter';
import { CurrentStop, exceptionInfo } from '../../../src/debug/currentStop';
import { EPOCH_FRAME, PHASE_FRAME, STEP_FRAME } from '../../../src/debug/frames';
import type { DebugStop } from '../../../src/protocol';
import { startInfo } from './startInfo';

function stop(patch: Partial<DebugStop> = {}): DebugStop {
  return {
    reason: 'step',
    description: 'Step',
    position: { step: 5, epoch: 2, phase: { kind: 'backward', layer: 1 } },
    inline: [
      { layer: 0, text: 'mean a 0.12' },
      { layer: 1, text: '‖δ‖ 0.5' },
    ],
    ...patch,
  };
}

describe('debug/currentStop', () => {
  it("shows the phase's frame on its layer's object, above the step and the epoch", () => {
    const current = new CurrentStop(startInfo());
    assert.deepEqual(current.stackFrames(new Source('xor.nn.json', '/w/xor.nn.json')), []);
    current.stopped(stop());
    const frames = current.stackFrames(new Source('xor.nn.json', '/w/xor.nn.json'));
    assert.deepEqual(
      frames.map((f) => [f.id, f.name, f.line, f.column, f.endLine, f.endColumn, f.source?.path]),
      [
        [PHASE_FRAME, 'output.backward', 13, 5, 19, 6, '/w/xor.nn.json'],
        [STEP_FRAME, 'train step 6', 23, 1, undefined, undefined, '/w/xor.nn.json'],
        [EPOCH_FRAME, 'epoch 2', 23, 1, undefined, undefined, '/w/xor.nn.json'],
      ],
    );
    assert.ok(!('endLine' in frames[1]), 'a frame without an end sends none');
  });

  it('names the layer of a phase frame only, for bare names in expressions', () => {
    const current = new CurrentStop(startInfo());
    current.stopped(stop());
    assert.equal(current.layerOf(PHASE_FRAME), 1);
    assert.equal(current.layerOf(STEP_FRAME), undefined);
    assert.equal(current.layerOf(undefined), undefined);
  });

  it('focuses the panel on a phase within its step, and on no layer for the step or an unknown frame', () => {
    const current = new CurrentStop(startInfo());
    current.stopped(stop());
    assert.deepEqual(current.focus(PHASE_FRAME), { label: 'output.backward in train step 6', layer: 1 });
    assert.deepEqual(current.focus(STEP_FRAME), { label: 'train step 6' });
    assert.deepEqual(current.focus(EPOCH_FRAME), { label: 'epoch 2' });
    assert.deepEqual(current.focus(99), {});
    current.stopped(stop({ position: { step: 6, epoch: 2, phase: { kind: 'loss' } } }));
    assert.deepEqual(current.focus(PHASE_FRAME), { label: 'loss in train step 7' });
  });

  it('marks the step as edited from the moment the user sets a value, and only after a stop', () => {
    const current = new CurrentStop(startInfo());
    current.markEdited();
    assert.equal(current.stop, undefined);
    const s = stop({ position: { step: 5, epoch: 2 } });
    current.stopped(s);
    current.markEdited();
    assert.equal(current.focus(STEP_FRAME).label, 'train step 5 (edited)');
    assert.equal(s.position.edited, true, "the stop's own position is edited: a later frame list keeps it");
  });

  it("puts each layer's inline value on the first line of its object", () => {
    const info = startInfo();
    delete info.layers[1].range;
    const current = new CurrentStop(info);
    assert.deepEqual(current.inlineValues(), []);
    current.stopped(stop());
    assert.deepEqual(current.inlineValues(), [
      { layer: 0, text: 'mean a 0.12', line: 5 },
      { layer: 1, text: '‖δ‖ 0.5', line: undefined },
    ]);
  });

  it("titles the exception widget with the breakpoint's name and describes it with the stop's detail", () => {
    const nan = stop({ reason: 'exception', description: 'Non-finite value', text: 'z[3][1] = Infinity' });
    assert.deepEqual(exceptionInfo(nan), {
      exceptionId: 'Non-finite value',
      description: 'z[3][1] = Infinity',
      breakMode: 'always',
    });
    assert.deepEqual(exceptionInfo(stop({ description: 'Loss above' })), {
      exceptionId: 'Loss above',
      description: 'Loss above',
      breakMode: 'always',
    });
    assert.deepEqual(exceptionInfo(undefined), {
      exceptionId: 'Non-finite value',
      description: undefined,
      breakMode: 'always',
    });
  });
});
