import * as assert from 'node:assert/strict';
import { parseLearningRate, validateToWebview } from '../../../webview/validate';
import { sampleState } from './fixtures';

describe('webview/validate', () => {
  it('accepts every well-formed message', () => {
    assert.ok(validateToWebview({ type: 'panel/state', state: sampleState() }).ok);
    assert.ok(validateToWebview({ type: 'session/progress', progress: { step: 1, epoch: 0, totalSteps: 9, batchLoss: 0.5, stepsPerSecond: 10, running: true, layerGradNorms: [1] },
      points: [{ step: 1, loss: 0.5, gradNorms: [1, 2] }] }).ok);
    assert.ok(validateToWebview({ type: 'session/snapshot', snapshot: { step: 1, epoch: 0, loss: 1, params: new Float64Array(9), grads: new Float64Array(9), lastUpdate: new Float64Array(9), health: [] } }).ok);
    assert.ok(validateToWebview({ type: 'session/stepDetail', detail: { step: 1, rows: [0], inputs: new Float64Array(2), fusedOutput: true,
      layers: [{ Z: new Float64Array(2), A: new Float64Array(2), dA: new Float64Array(2), dZ: new Float64Array(2) }, { Z: new Float64Array(1), A: new Float64Array(1), dZ: new Float64Array(1) }] } }).ok);
    const f = new Float32Array(1);
    assert.ok(validateToWebview({ type: 'session/boundary', grid: { resolution: 1, xMin: 0, xMax: 1, yMin: 0, yMax: 1, outputs: 1, values: f, pointsX: f, pointsY: f, pointsClass: f } }).ok);
    assert.ok(validateToWebview({ type: 'session/check', result: { loss: 1, eps: 1e-5, checked: 1, total: 9, overallError: 1e-9, verdict: 'good', mismatches: 0, kinks: 0,
      rows: [{ ref: { layer: 0, kind: 'weight', row: 0, col: 1 }, path: 'h.W[0][1]', analytic: 1, numeric: 1, absError: 0, relError: 0, mismatch: false, kink: false }] } }).ok);
  });

  it('refuses malformed messages with a located reason', () => {
    const bad = (data: unknown): string => {
      const r = validateToWebview(data);
      assert.equal(r.ok, false);
      return r.ok ? '' : r.error;
    };
    assert.match(bad(null), /not a message/);
    assert.match(bad({ type: 'spec/state' }), /unknown message type/);
    assert.match(bad({ type: 'toString' }), /unknown message type/);
    const state = sampleState();
    (state.session as { status: string }).status = 'exploded';
    assert.match(bad({ type: 'panel/state', state }), /message\.state\.session\.status a session status/);
    assert.match(bad({ type: 'session/snapshot', snapshot: { step: 1, epoch: 0, loss: 1, params: [1], grads: new Float64Array(1), lastUpdate: new Float64Array(1), health: [] } }),
      /\.snapshot\.params a Float64Array/);
    assert.match(bad({ type: 'session/check', result: { loss: 1, eps: 1, checked: 1, total: 1, overallError: 0, verdict: 'good', mismatches: 0, kinks: 0,
      rows: [{ ref: { layer: 0, kind: 'matrix', row: 0 } }] } }), /rows\[0\]\.ref/);
  });

  it('accepts only positive finite learning rates', () => {
    assert.equal(parseLearningRate(' 0.01 '), 0.01);
    assert.equal(parseLearningRate('1e-3'), 0.001);
    assert.match(String(parseLearningRate('0')), /greater than 0/);
    assert.match(String(parseLearningRate('-1')), /greater than 0/);
    assert.match(String(parseLearningRate('')), /number/);
    assert.match(String(parseLearningRate('abc')), /number/);
    assert.match(String(parseLearningRate('Infinity')), /number/);
  });
});
