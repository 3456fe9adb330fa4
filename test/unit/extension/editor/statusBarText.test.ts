import * as assert from 'node:assert/strict';
import type { Progress } from '../../../../src/protocol';
import { statusLabel, statusText } from '../../../../src/extension/editor/statusBarText';

const progress: Progress = {
  step: 1200,
  epoch: 12,
  totalSteps: 3000,
  batchLoss: 0.012345,
  stepsPerSecond: 35_012.4,
  running: true,
  layerGradNorms: [],
};

describe('extension/statusBarText', () => {
  it('shows name, epoch, loss and the rate while running, with icons', () => {
    assert.equal(
      statusText({ name: 'xor', status: 'running', progress, stale: false }),
      '$(sync~spin) xor · epoch 12 · loss 0.01235 · 35,012 steps/s',
    );
    assert.equal(
      statusText({ name: 'xor', status: 'ready', stale: true }),
      '$(circle-outline) xor · ready · $(warning) stale',
    );
  });

  it('says the same facts in words for screen readers, without icon names', () => {
    const running = statusLabel({ name: 'xor', status: 'running', progress, stale: false });
    assert.equal(running, 'Backprop session xor: running, epoch 12, loss 0.01235, 35,012 steps per second');
    const done = statusLabel({ name: 'xor', status: 'done', progress: { ...progress, running: false }, stale: true });
    assert.equal(
      done,
      'Backprop session xor: done, epoch 12, loss 0.01235, the spec changed since training started (stale)',
    );
    for (const label of [running, done]) assert.doesNotMatch(label, /\$\(/);
    assert.equal(
      statusLabel({ name: 'broken', status: 'diverged', stale: false }),
      'Backprop session broken: diverged',
    );
  });
  it('shows the validation accuracy when rows are held out, else the training accuracy; the label says both', () => {
    const accuracy = { training: 0.9987, validation: 0.9638 };
    assert.equal(
      statusText({ name: 'digits', status: 'running', progress, accuracy, stale: false }),
      '$(sync~spin) digits · epoch 12 · loss 0.01235 · val. accuracy 96.4% · 35,012 steps/s',
    );
    assert.equal(
      statusText({ name: 'digits', status: 'done', progress, accuracy: { training: 0.5 }, stale: false }),
      '$(check) digits · epoch 12 · loss 0.01235 · accuracy 50.0%',
    );
    assert.equal(
      statusLabel({ name: 'digits', status: 'paused', progress, accuracy, stale: false }),
      'Backprop session digits: paused, epoch 12, loss 0.01235, training accuracy 99.9%, validation accuracy 96.4%',
    );
  });
});
