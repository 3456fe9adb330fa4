// Shared inputs of the webview tests.
import type { PanelSnapshot, PanelState } from '../../../src/protocol';
import { ParamLayout } from '../../../src/shared/paramLayout';
import { panelSnapshot } from '../../../src/worker/panelSnapshot';

/** A ready xor session with no training yet. */
export function sampleState(): PanelState {
  return {
    fileName: 'xor.nn.json',
    problems: { errors: 0, warnings: 0 },
    specHasErrors: false,
    stale: false,
    spec: {
      name: 'xor',
      input: 2,
      layers: [
        { name: 'h', units: 2, activation: 'tanh' },
        { name: 'out', units: 1, activation: 'sigmoid' },
      ],
      loss: 'bce',
      optimizer: 'sgd',
      learningRate: 0.5,
      batchSize: 4,
      epochs: 100,
      hasValidation: false,
      paramCount: 9,
    },
    session: { status: 'ready', history: [] },
  };
}

/**
 * The panel's form of a snapshot of sampleState's 2-2-1 network: parameter i has value 1 + i, gradient (i + 1) / 100.
 */
export function samplePanelSnapshot(step = 1): PanelSnapshot {
  const size = 9;
  const ramp = (f: (i: number) => number) => Float64Array.from({ length: size }, (_, i) => f(i));
  const snapshot = {
    step,
    epoch: step,
    loss: 0.4,
    params: ramp((i) => 1 + i),
    grads: ramp((i) => (i + 1) / 100),
    lastUpdate: ramp((i) => -i / 1000),
    health: [],
  };
  return panelSnapshot(snapshot, snapshot, ParamLayout.ofShape([2, 2, 1]).layers);
}
