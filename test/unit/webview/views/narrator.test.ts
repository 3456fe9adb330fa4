import * as assert from 'node:assert/strict';
import type { PanelState, ToWebview } from '../../../../src/protocol';
import { applyMessage } from '../../../../webview/state/store';
import { Narrator } from '../../../../webview/views/narrator';
import { samplePanelSnapshot, sampleState } from '../fixtures';

/** Feeds messages through the panel's store and a narrator; returns what it asked to announce. */
function narrate(messages: ToWebview[]): string[] {
  const said: string[] = [];
  const narrator = new Narrator({
    status: (t) => said.push(`status: ${t}`),
    progress: (t) => said.push(`progress: ${t}`),
  });
  let state: PanelState | undefined;
  for (const m of messages) {
    const r = applyMessage(state, m);
    state = r.state;
    if (state && r.change) narrator.observe(state, r.change);
  }
  return said;
}

const full = (status: PanelState['session']['status'], extra: Partial<PanelState['session']> = {}): ToWebview => {
  const state = sampleState();
  return { type: 'panel/state', state: { ...state, session: { ...state.session, status, ...extra } } };
};
const progress = (step: number, running = true): ToWebview => ({
  type: 'session/progress',
  progress: { step, epoch: step, totalSteps: 100, batchLoss: 0.5, stepsPerSecond: 10, running, layerGradNorms: [] },
  points: [],
});
const detail = (step: number): ToWebview => ({
  type: 'session/stepDetail',
  detail: { step, rows: [0], inputs: new Float64Array(2), layers: [], fusedOutput: true },
});
const snapshot = (step: number): ToWebview => ({ type: 'session/snapshot', snapshot: samplePanelSnapshot(step) });

describe('webview/narrator', () => {
  it('says nothing about the first state, then each status change once, and passes progress on while running', () => {
    const said = narrate([full('ready'), full('ready'), full('running'), progress(10), progress(20), full('done')]);
    assert.deepEqual(said, [
      'status: Training started.',
      'progress: Step 10 of 100, loss 0.5.',
      'progress: Step 20 of 100, loss 0.5.',
      'status: Training done.',
    ]);
  });

  it("announces a single step with its loss once the step's snapshot has come, whichever comes first", () => {
    assert.deepEqual(narrate([full('ready'), detail(1), snapshot(1)]), ['status: Step 1: loss 0.4.']);
    assert.deepEqual(narrate([full('paused'), snapshot(2), detail(2), snapshot(2)]), ['status: Step 2: loss 0.4.']);
    // A snapshot of an older step does not speak for the new one.
    assert.deepEqual(narrate([full('paused'), detail(3), snapshot(2)]), []);
  });

  it('announces a gradient check when its result arrives, not when a full state repeats it', () => {
    const result = {
      loss: 0.5,
      eps: 1e-6,
      checked: 9,
      total: 9,
      overallError: 1e-9,
      verdict: 'good' as const,
      mismatches: 0,
      kinks: 0,
      rows: [],
    };
    const said = narrate([full('done'), { type: 'session/check', result }, full('done', { gradCheck: result })]);
    assert.deepEqual(said, [
      'status: Gradient check: good; overall relative error 1.000e-9; 0 mismatches of 9 parameters checked.',
    ]);
  });
});
