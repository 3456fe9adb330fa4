import * as assert from 'node:assert/strict';
import type { BoundaryGrid, GradCheckInfo, HistoryPoint, PanelState } from '../../../../src/protocol';
import { ParamLayout } from '../../../../src/shared/paramLayout';
import { panelSnapshot } from '../../../../src/worker/panelSnapshot';
import {
  boundaryScore,
  checkAnnouncement,
  debugFrameCaption,
  graphDescription,
  gradNormChartDescription,
  lossChartDescription,
  lossTrend,
  scoreSentence,
  signed,
  statusAnnouncement,
  strongestWeight,
  targetLevels,
} from '../../../../webview/views/descriptions';
import { samplePanelSnapshot, sampleState } from '../fixtures';

/** `n` history points whose loss follows `f(i)`. */
const history = (n: number, f: (i: number) => number): HistoryPoint[] =>
  Array.from({ length: n }, (_, i) => ({ step: i + 1, loss: f(i), gradNorms: [0.1 * (i + 1), 0.2] }));

function grid(outputs: number, targets: number[], predicted: number[]): BoundaryGrid {
  const f = (v: number[]) => Float32Array.from(v);
  return {
    resolution: 1,
    xMin: 0,
    xMax: 1,
    yMin: 0,
    yMax: 1,
    outputs,
    values: new Float32Array(outputs),
    pointsX: f(targets.map(() => 0)),
    pointsY: f(targets.map(() => 0)),
    pointsClass: f(targets),
    pointsPredicted: f(predicted),
  };
}

describe('webview/descriptions', () => {
  it('says signs in words', () => {
    assert.equal(signed(4.2134), '4.213 (positive)');
    assert.equal(signed(-0.5), '-0.5 (negative)');
    assert.equal(signed(0), '0');
    assert.equal(signed(NaN), 'NaN (not finite)');
  });

  it('reads the loss trend from the newest quarter of the history against the one before', () => {
    assert.equal(lossTrend([]), undefined);
    assert.equal(lossTrend(history(1, () => 1)), undefined);
    assert.equal(lossTrend(history(200, (i) => 1 / (1 + i))), 'falling');
    assert.equal(lossTrend(history(200, (i) => i)), 'rising');
    // Noise of ±0.5% around a plateau is flat.
    assert.equal(lossTrend(history(200, (i) => 0.3 * (1 + 0.005 * Math.sin(i)))), 'flat');
    assert.equal(lossTrend(history(10, (i) => (i > 8 ? NaN : 1))), undefined);
  });

  it('finds the strongest weight or weight gradient of exact pictures', () => {
    const spec = sampleState().spec!;
    // Parameter i is 1 + i: the output layer's W[0][1] (index 7) is the largest weight, 8, its gradient 0.08.
    assert.deepEqual(strongestWeight(spec, samplePanelSnapshot(), 'weights'), {
      where: 'out.weights[0][1]',
      value: 8,
      approximate: false,
    });
    const g = strongestWeight(spec, samplePanelSnapshot(), 'gradients')!;
    assert.equal(g.where, 'out.weights[0][1]');
    assert.ok(Math.abs(g.value - 0.08) < 1e-12);
  });

  it("names a pooled layer's strongest block, its value about the layer's largest", () => {
    const layout = ParamLayout.ofShape([300, 20, 1]);
    const params = new Float64Array(layout.size).map((_, i) => ((i % 7) - 3) / 100);
    // W[5][151] of the wide layer: in the 1 × 3 block of columns 150–152.
    params[5 * 300 + 151] = -3.5;
    const facts = { step: 4, epoch: 1, loss: 0.5, health: [] };
    const snapshot = panelSnapshot(facts, { params, grads: params, lastUpdate: params }, layout.layers);
    assert.equal(snapshot.layers[0].kind, 'pooled');
    const spec = {
      ...sampleState().spec!,
      input: 300,
      layers: [
        { name: 'wide', units: 20, activation: 'tanh' },
        { name: 'out', units: 1, activation: 'sigmoid' },
      ],
    };
    const top = strongestWeight(spec, snapshot, 'weights')!;
    assert.equal(top.where, 'wide.weights[5][150–152]');
    assert.equal(top.value, -3.5);
    assert.equal(top.approximate, true);
  });

  it('describes the graph in one sentence: shape, strongest weight, loss and its trend, heatmaps, health', () => {
    const state: PanelState = sampleState();
    assert.equal(graphDescription(state, 'weights', []), '2-2-1 network (h tanh, out sigmoid); not trained yet.');
    state.session.snapshot = { ...samplePanelSnapshot(3000), loss: 0.0012 };
    state.session.snapshot.health = [
      { dead: 0, saturated: 2, meanActivation: 0.9 },
      { dead: 1, saturated: 0, meanActivation: 0.5 },
    ];
    state.session.history = history(3000, (i) => 1 / (1 + i));
    assert.equal(
      graphDescription(state, 'weights', ['h']),
      '2-2-1 network (h tanh, out sigmoid); strongest weight out.weights[0][1] = 8 (positive); loss 0.0012 at step ' +
        '3000, falling; drawn as a heatmap: h; h: 2 saturated units; out: 1 dead unit.',
    );
    assert.match(
      graphDescription(state, 'gradients', []),
      /largest weight gradient out\.weights\[0\]\[1\] = 0\.08 \(positive\)/,
    );
  });

  it('describes the charts with their latest values', () => {
    assert.equal(lossChartDescription([]), 'Loss chart: no training yet.');
    const points = history(100, (i) => 1 / (1 + i));
    points[60].validationLoss = 0.25;
    assert.equal(
      lossChartDescription(points),
      'Loss chart: training loss 0.01 at step 100, falling, from 1 at step 1; validation loss 0.25.',
    );
    assert.equal(
      gradNormChartDescription(points, ['h', 'out']),
      'Gradient norm chart (log scale), at step 100: h 10, out 0.2.',
    );
  });

  it('scores the decision boundary: accuracy for classes, mean absolute error for a regression', () => {
    const binary = boundaryScore(grid(1, [0, 1, 1, 0], [0.2, 0.9, 0.4, 0.5]));
    assert.equal(binary.kind, 'accuracy');
    if (binary.kind === 'accuracy') assert.deepEqual([...binary.wrong], [0, 0, 1, 1]);
    assert.equal(scoreSentence(binary), 'Accuracy on the 4 data points shown: 50% (2 of 4).');
    const classes = boundaryScore(grid(3, [0, 1, 2], [0, 1, 1]));
    assert.equal(scoreSentence(classes), 'Accuracy on the 3 data points shown: 66.7% (2 of 3).');
    const regression = boundaryScore(grid(1, [0.5, -1], [0.25, -1.5]));
    assert.equal(scoreSentence(regression), 'Mean absolute error on the 2 data points shown: 0.375.');
  });

  it('scores one output against its two target classes, 0/1 or (tanh) −1/1, split halfway', () => {
    const tanh = boundaryScore(grid(1, [-1, 1, 1, -1], [-0.8, 0.1, -0.1, 0.3]));
    assert.equal(tanh.kind, 'accuracy');
    if (tanh.kind === 'accuracy') {
      assert.deepEqual([...tanh.wrong], [0, 0, 1, 1]);
      assert.deepEqual(tanh.levels, [-1, 1]);
    }
    assert.equal(scoreSentence(tanh), 'Accuracy on the 4 data points shown: 50% (2 of 4).');
    assert.deepEqual(targetLevels(Float32Array.from([1, -1, 1])), [-1, 1]);
    assert.deepEqual(targetLevels([-1, -1]), [-1, 1]);
    // Only ones (or only zeros) are still 0/1 classes; any other targets are a regression.
    assert.deepEqual(targetLevels([1, 1]), [0, 1]);
    assert.equal(targetLevels([2, 5, 5, 2]), undefined);
    assert.equal(targetLevels([0, 0.5, 1]), undefined);
    assert.equal(targetLevels([-1, 0, 1]), undefined);
  });

  it('never counts a non-finite output as right (a diverged network answers nothing)', () => {
    const one = boundaryScore(grid(1, [0, 0, 1], [NaN, 0.1, Infinity]));
    assert.equal(scoreSentence(one), 'Accuracy on the 3 data points shown: 33.3% (1 of 3).');
    const classes = boundaryScore(grid(3, [0, 1, 2], [NaN, NaN, 2]));
    assert.equal(scoreSentence(classes), 'Accuracy on the 3 data points shown: 33.3% (1 of 3).');
  });

  it('announces status changes that matter, and not the first state or a step’s own pause', () => {
    const state = sampleState();
    const at = (status: PanelState['session']['status'], message?: string): PanelState => ({
      ...state,
      session: {
        ...state.session,
        status,
        message,
        progress: {
          step: 3000,
          epoch: 3000,
          totalSteps: 3000,
          batchLoss: 0.0012,
          stepsPerSecond: 1,
          running: false,
          layerGradNorms: [],
        },
      },
    });
    assert.equal(statusAnnouncement(undefined, at('running')), undefined);
    assert.equal(statusAnnouncement('running', at('running')), undefined);
    assert.equal(statusAnnouncement('ready', at('running')), 'Training started.');
    assert.equal(statusAnnouncement('paused', at('running')), 'Training resumed.');
    assert.equal(statusAnnouncement('running', at('paused')), 'Training paused at step 3000, loss 0.0012.');
    assert.equal(statusAnnouncement('ready', at('paused')), undefined);
    assert.equal(
      statusAnnouncement('running', at('done', 'Trained 3000 steps.')),
      'Training done at step 3000, loss 0.0012.',
    );
    assert.equal(
      statusAnnouncement('running', at('done', 'Stopped at step 3000.')),
      'Training stopped at step 3000, loss 0.0012.',
    );
    assert.equal(statusAnnouncement('done', at('ready')), 'Weights reset: ready to train.');
    assert.equal(statusAnnouncement('loading', at('ready')), undefined);
    assert.equal(
      statusAnnouncement('running', at('diverged', 'Loss became NaN at step 12')),
      'Training diverged: Loss became NaN at step 12',
    );
  });

  it("announces a gradient check's verdict", () => {
    const check = { verdict: 'good', overallError: 1.2e-9, mismatches: 0, checked: 13 } as GradCheckInfo;
    assert.equal(
      checkAnnouncement(check),
      'Gradient check: good; overall relative error 1.200e-9; 0 mismatches of 13 parameters checked.',
    );
  });

  it("names the selected frame and the layer it highlights, by the spec's layer names", () => {
    const state = sampleState();
    assert.equal(debugFrameCaption(state), undefined);
    state.debugFrame = { label: 'out.backward in train step 4', layer: 1 };
    assert.equal(debugFrameCaption(state), 'Debugger paused at out.backward in train step 4 (layer out highlighted)');
    state.debugFrame = { label: 'loss in train step 4' };
    assert.equal(debugFrameCaption(state), 'Debugger paused at loss in train step 4');
  });
});
