import * as assert from 'node:assert/strict';
import {
  SNAPSHOT_BYTES_PER_SECOND,
  streamIntervalMs,
  typedBytes,
} from '../../../../src/extension/sessions/streamBudget';

describe('extension/streamBudget', () => {
  it('streams small networks at the update rate', () => {
    assert.equal(streamIntervalMs('session/progress', 10, 1e9), 100);
    assert.equal(streamIntervalMs('session/snapshot', 10, 13 * 8), 100);
  });

  it("sends a large network's snapshots less often, within the byte budget", () => {
    const bytes = 2 * 1024 * 1024;
    const ms = streamIntervalMs('session/snapshot', 10, bytes);
    assert.ok(ms > 100);
    assert.ok(Math.abs((bytes * 1000) / ms - SNAPSHOT_BYTES_PER_SECOND) < 1);
  });

  it('counts the typed-array bytes nested in a message', () => {
    const snapshot = {
      params: new Float64Array(10),
      grads: new Float64Array(10),
      lastUpdate: new Float64Array(10),
      health: [{ dead: 0 }],
    };
    assert.equal(typedBytes({ type: 'session/snapshot', snapshot }), 240);
    assert.equal(typedBytes({ type: 'ui/ready' }), 0);
    // A panel snapshot nests its pictures one level deeper.
    const picture = { weights: new Float64Array(4), weightGrads: new Float64Array(4), biases: new Float64Array(2) };
    assert.equal(typedBytes({ type: 'session/snapshot', snapshot: { step: 1, layers: [picture, picture] } }), 2 * 80);
  });
});
