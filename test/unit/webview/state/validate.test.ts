import * as assert from 'node:assert/strict';
import { parseLearningRate, validateToWebview } from '../../../../webview/state/validate';
import { samplePanelSnapshot, sampleState } from '../fixtures';

const progress = {
  step: 1,
  epoch: 0,
  totalSteps: 9,
  batchLoss: 0.5,
  stepsPerSecond: 10,
  running: true,
  layerGradNorms: [1],
};

describe('webview/validate', () => {
  it('accepts every well-formed message', () => {
    assert.ok(validateToWebview({ type: 'panel/state', state: sampleState() }).ok);
    assert.ok(
      validateToWebview({
        type: 'session/progress',
        progress,
        points: [{ step: 1, loss: 0.5, gradNorms: [1, 2] }],
      }).ok,
    );
    assert.ok(validateToWebview({ type: 'session/snapshot', snapshot: samplePanelSnapshot() }).ok);
    assert.ok(
      validateToWebview({
        type: 'session/param',
        value: { ref: { layer: 1, kind: 'bias', row: 0 }, step: 2, value: 1, grad: 0, update: 0 },
      }).ok,
    );
    assert.ok(
      validateToWebview({
        type: 'session/stepDetail',
        detail: {
          step: 1,
          rows: [0],
          inputs: new Float64Array(2),
          fusedOutput: true,
          layers: [
            { Z: new Float64Array(2), A: new Float64Array(2), dA: new Float64Array(2), dZ: new Float64Array(2) },
            { Z: new Float64Array(1), A: new Float64Array(1), dZ: new Float64Array(1) },
          ],
        },
      }).ok,
    );
    const f = new Float32Array(1);
    assert.ok(
      validateToWebview({
        type: 'session/boundary',
        grid: {
          resolution: 1,
          xMin: 0,
          xMax: 1,
          yMin: 0,
          yMax: 1,
          outputs: 1,
          values: f,
          pointsX: f,
          pointsY: f,
          pointsClass: f,
          pointsPredicted: f,
        },
      }).ok,
    );
    assert.ok(
      validateToWebview({
        type: 'session/check',
        result: {
          loss: 1,
          eps: 1e-5,
          checked: 1,
          total: 9,
          overallError: 1e-9,
          verdict: 'good',
          mismatches: 0,
          kinks: 0,
          rows: [
            {
              ref: { layer: 0, kind: 'weight', row: 0, col: 1 },
              path: 'h.W[0][1]',
              analytic: 1,
              numeric: 1,
              absError: 0,
              relError: 0,
              mismatch: false,
              kink: false,
            },
          ],
        },
      }).ok,
    );
  });

  it('accepts a debug frame with or without a layer, or none, and refuses a malformed one', () => {
    assert.ok(
      validateToWebview({ type: 'debug/frame', focus: { label: 'output.forward in train step 7', layer: 1 } }).ok,
    );
    assert.ok(validateToWebview({ type: 'debug/frame', focus: { label: 'train step 7' } }).ok);
    assert.ok(validateToWebview({ type: 'debug/frame' }).ok);
    assert.ok(
      validateToWebview({ type: 'panel/state', state: { ...sampleState(), debugFrame: { label: 'loss' } } }).ok,
    );
    const r = validateToWebview({ type: 'debug/frame', focus: { label: 'x', layer: '1' } });
    assert.ok(!r.ok && /focus\.layer a number/.test(r.error), JSON.stringify(r));
    assert.equal(validateToWebview({ type: 'debug/frame', focus: { layer: 1 } }).ok, false);
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
    const warned = sampleState();
    assert.ok(
      validateToWebview({ type: 'panel/state', state: { ...warned, session: { ...warned.session, warning: 'x' } } }).ok,
    );
    assert.match(
      bad({ type: 'panel/state', state: { ...warned, session: { ...warned.session, warning: 3 } } }),
      /\.state\.session\.warning a string/,
    );
    const rise = { from: 1, to: 200, message: 'the loss rose' };
    assert.ok(
      validateToWebview({ type: 'session/progress', progress: { ...progress, lossRise: rise }, points: [] }).ok,
    );
    assert.match(
      bad({ type: 'session/progress', progress: { ...progress, lossRise: { ...rise, to: '200' } }, points: [] }),
      /\.progress\.lossRise\.to a number/,
    );
    const plain = samplePanelSnapshot();
    (plain.layers[0] as { weights: unknown }).weights = [1, 2, 3, 4];
    assert.match(bad({ type: 'session/snapshot', snapshot: plain }), /\.snapshot\.layers\[0\]\.weights a Float64Array/);
    const short = samplePanelSnapshot();
    short.layers[1].weightGrads = new Float64Array(1);
    assert.match(
      bad({ type: 'session/snapshot', snapshot: short }),
      /\.snapshot\.layers\[1\] with 2 cells per weight array/,
    );
    const unknown = samplePanelSnapshot();
    (unknown.layers[0] as { kind: string }).kind = 'sketch';
    assert.match(
      bad({ type: 'session/snapshot', snapshot: unknown }),
      /layers\[0\] a layer picture \("exact" or "pooled"\)/,
    );
    const pooled = {
      kind: 'pooled',
      rowStep: 2,
      colStep: 1,
      rows: 1,
      cols: 2,
      weights: new Int8Array(2),
      weightScale: 1,
      weightGrads: new Float64Array(2),
      gradScale: 1,
      biases: new Float64Array(2),
      biasGrads: new Float64Array(2),
      biasUpdates: new Float64Array(2),
    };
    assert.match(
      bad({ type: 'session/snapshot', snapshot: { ...samplePanelSnapshot(), layers: [pooled] } }),
      /layers\[0\]\.weightGrads an Int8Array/,
    );
    assert.ok(
      validateToWebview({
        type: 'session/snapshot',
        snapshot: { ...samplePanelSnapshot(), layers: [{ ...pooled, weightGrads: new Int8Array(2) }] },
      }).ok,
    );
    assert.match(
      bad({
        type: 'session/snapshot',
        snapshot: { ...samplePanelSnapshot(), layers: [{ ...pooled, weightGrads: new Int8Array(3) }] },
      }),
      /with 2 cells/,
    );
    const biases = samplePanelSnapshot();
    biases.layers[0].biasUpdates = new Float64Array(5);
    assert.match(
      bad({ type: 'session/snapshot', snapshot: biases }),
      /layers\[0\] with one gradient and update per bias/,
    );
    assert.match(
      bad({
        type: 'session/param',
        value: { ref: { layer: 0, kind: 'bias', row: 0 }, step: 1, value: '1', grad: 0, update: 0 },
      }),
      /\.value\.value a number/,
    );
    assert.match(
      bad({
        type: 'session/check',
        result: {
          loss: 1,
          eps: 1,
          checked: 1,
          total: 1,
          overallError: 0,
          verdict: 'good',
          mismatches: 0,
          kinks: 0,
          rows: [{ ref: { layer: 0, kind: 'matrix', row: 0 } }],
        },
      }),
      /rows\[0\]\.ref/,
    );
    const check = {
      loss: 1,
      eps: 1,
      checked: 0,
      total: 1,
      overallError: 0,
      verdict: 'great',
      mismatches: 0,
      kinks: 0,
      rows: [],
    };
    assert.match(bad({ type: 'session/check', result: check }), /\.result\.verdict a verdict/);
    const noLimit = sampleState();
    noLimit.settings = {} as { edgeLimit: number };
    assert.match(bad({ type: 'panel/state', state: noLimit }), /\.state\.settings\.edgeLimit a number/);
  });

  it('passes on only the fields a message has', () => {
    const r = validateToWebview({ type: 'session/snapshot', snapshot: samplePanelSnapshot(), injected: '<img>' });
    assert.ok(r.ok);
    assert.deepEqual(Object.keys(r.message), ['type', 'snapshot']);
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
