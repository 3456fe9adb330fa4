// Shared inputs of the webview tests.
import type { PanelState } from '../../../src/protocol';

/** A ready xor session with no training yet. */
export function sampleState(): PanelState {
  return {
    fileName: 'xor.nn.json', problems: { errors: 0, warnings: 0 }, specHasErrors: false, stale: false,
    spec: { name: 'xor', input: 2, layers: [{ name: 'h', units: 2, activation: 'tanh' }, { name: 'out', units: 1, activation: 'sigmoid' }],
      loss: 'bce', optimizer: 'sgd', learningRate: 0.5, batchSize: 4, epochs: 100, hasValidation: false, paramCount: 9 },
    session: { status: 'ready', history: [] },
  };
}
