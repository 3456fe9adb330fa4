import * as assert from 'node:assert/strict';
import { applyMessage, DEFAULT_SETTINGS, readSettings } from '../../../../webview/state/store';
import { samplePanelSnapshot, sampleState } from '../fixtures';

describe('webview/store', () => {
  it('ignores streamed updates before the first full state', () => {
    assert.deepEqual(applyMessage(undefined, { type: 'session/boundary', grid: {} as never }), { state: undefined });
  });

  it('applies progress (appending the chart points) and snapshots to the state', () => {
    let { state } = applyMessage(undefined, { type: 'panel/state', state: sampleState() });
    const progress = {
      step: 3,
      epoch: 1,
      totalSteps: 9,
      batchLoss: 0.4,
      stepsPerSecond: 100,
      running: true,
      layerGradNorms: [1, 2],
    };
    const r = applyMessage(state, {
      type: 'session/progress',
      progress,
      points: [
        { step: 2, loss: 0.5, gradNorms: [1, 2] },
        { step: 3, loss: 0.4, gradNorms: [1, 2] },
      ],
    });
    state = r.state;
    assert.equal(r.change, 'progress');
    assert.equal(state!.session.status, 'running');
    assert.equal(state!.session.history.length, 2);
    const snapshot = samplePanelSnapshot(3);
    assert.equal(applyMessage(state, { type: 'session/snapshot', snapshot }).change, 'snapshot');
    assert.equal(state!.session.snapshot, snapshot);
  });

  it("keeps the debugger's selected frame until the host clears it", () => {
    const { state } = applyMessage(undefined, { type: 'panel/state', state: sampleState() });
    const focus = { label: 'out.forward in train step 3', layer: 1 };
    const set = applyMessage(state, { type: 'debug/frame', focus });
    assert.equal(set.change, 'frame');
    assert.deepEqual(set.state!.debugFrame, focus);
    assert.equal(applyMessage(set.state, { type: 'debug/frame' }).state!.debugFrame, undefined);
  });

  it("hands back the host's exact numbers for a parameter without storing them in the host's state", () => {
    const { state } = applyMessage(undefined, { type: 'panel/state', state: sampleState() });
    const before = JSON.stringify(state);
    const value = {
      ref: { layer: 0, kind: 'weight' as const, row: 1, col: 0 },
      step: 3,
      value: 0.5,
      grad: -0.1,
      update: 0.01,
    };
    const r = applyMessage(state, { type: 'session/param', value });
    assert.deepEqual([r.change, r.param], ['param', value]);
    assert.equal(JSON.stringify(r.state), before);
  });

  it('reads back view settings, dropping what does not check', () => {
    assert.deepEqual(readSettings(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(
      readSettings({
        edges: 'gradients',
        sample: 2,
        weight: { layer: 1, kind: 'weight', row: 0, col: 3 },
        sort: { key: 'path', descending: false },
      }),
      {
        edges: 'gradients',
        sample: 2,
        weight: { layer: 1, kind: 'weight', row: 0, col: 3 },
        sort: { key: 'path', descending: false },
      },
    );
    assert.deepEqual(
      readSettings({
        edges: 'both',
        sample: -1,
        weight: { layer: 0, kind: 'weight', row: 0 },
        sort: { key: 'evil', descending: true },
      }),
      DEFAULT_SETTINGS,
    );
    assert.deepEqual(readSettings({ weight: { layer: 0, kind: 'bias', row: 2 } }).weight, {
      layer: 0,
      kind: 'bias',
      row: 2,
    });
  });
});
