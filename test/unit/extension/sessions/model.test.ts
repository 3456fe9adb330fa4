import * as assert from 'node:assert/strict';
import type { HistoryPoint, Progress } from '../../../../src/protocol';
import { GradientRing, sparkline } from '../../../../src/extension/sessions/gradientRing';
import { appendPoint, MAX_HISTORY } from '../../../../src/extension/sessions/chartHistory';
import { crashMessage, GRADIENT_HISTORY, SessionModel } from '../../../../src/extension/sessions/model';
import { panelSnapshot } from '../../../../src/worker/panelSnapshot';
import { fakeSnapshot, XOR_SLICES } from '../helpers';

const progress = (step: number, running = true): Progress => ({
  step,
  epoch: step,
  totalSteps: 100,
  batchLoss: 1 / step,
  stepsPerSecond: 10,
  running,
  layerGradNorms: [0.1, 0.2],
});

describe('extension/sessionModel', () => {
  it('goes from loading to ready, streams progress with its chart points, and records snapshots', () => {
    const m = new SessionModel();
    assert.equal(m.view.status, 'loading');
    assert.deepEqual(
      m.apply({ type: 'session/loaded', result: { ok: true, value: { name: 'x', paramCount: 13, stepsPerEpoch: 1 } } }),
      { posts: [], stateChanged: true },
    );
    const snapshot = { ...fakeSnapshot(13, 2), validationLoss: 0.7 };
    const panel = panelSnapshot(snapshot, snapshot, XOR_SLICES);
    assert.deepEqual(m.apply({ type: 'train/snapshot', snapshot, panel }), {
      posts: [{ type: 'session/snapshot', snapshot: panel }],
      stateChanged: false,
    });
    // Hovers read the exact snapshot; the panel's state holds the pictured one.
    assert.equal(m.snapshot, snapshot);
    assert.equal(m.view.snapshot, panel);
    // Pictures alone (a large network between its exact snapshots): the panel moves on, hovers keep the exact one.
    const later = fakeSnapshot(13, 2, 9);
    const picturesOnly = panelSnapshot(later, later, XOR_SLICES);
    m.apply({ type: 'train/snapshot', panel: picturesOnly });
    assert.deepEqual([m.view.snapshot, m.snapshot], [picturesOnly, snapshot]);
    m.view.snapshot = panel;
    const points = [
      { step: 2, loss: 0.5, gradNorms: [0.1, 0.2] },
      { step: 3, loss: 1 / 3, validationLoss: 0.7, gradNorms: [0.1, 0.2] },
    ];
    const applied = m.apply({ type: 'train/progress', progress: progress(3), points });
    assert.equal(m.view.status, 'running');
    assert.equal(applied.stateChanged, true);
    assert.deepEqual(applied.posts, [{ type: 'session/progress', progress: progress(3), points }]);
    assert.deepEqual(m.view.history, points);
    assert.deepEqual(m.gradients.historyOf(0), [0.01]);
  });

  it("answers the panel's questions about one parameter from the exact snapshot", () => {
    const m = new SessionModel();
    const shape = [2, 3, 1];
    assert.equal(
      m.inspect({ layer: 0, kind: 'weight', row: 0, col: 0 }, shape),
      undefined,
      'nothing before a snapshot',
    );
    const snapshot = fakeSnapshot(13, 2, 7);
    m.apply({ type: 'train/snapshot', snapshot, panel: panelSnapshot(snapshot, snapshot, XOR_SLICES) });
    // W1[2][1] is flat index 2·2 + 1 = 5; b2[0] is flat index 12.
    assert.deepEqual(m.inspect({ layer: 0, kind: 'weight', row: 2, col: 1 }, shape), {
      ref: { layer: 0, kind: 'weight', row: 2, col: 1 },
      step: 7,
      value: 6,
      grad: 0.06,
      update: -0.005,
    });
    assert.deepEqual(m.inspect({ layer: 1, kind: 'bias', row: 0 }, shape), {
      ref: { layer: 1, kind: 'bias', row: 0 },
      step: 7,
      value: 13,
      grad: 0.13,
      update: -0.012,
    });
    assert.equal(m.inspect({ layer: 1, kind: 'weight', row: 1, col: 0 }, shape), undefined, 'row past the layer');
    assert.equal(m.inspect({ layer: 0, kind: 'weight', row: 0, col: 2 }, shape), undefined, 'column past the fan-in');
    assert.equal(m.inspect({ layer: 2, kind: 'bias', row: 0 }, shape), undefined, 'layer past the network');
    m.restart(undefined);
    assert.equal(m.inspect({ layer: 1, kind: 'bias', row: 0 }, shape), undefined, 'a restart drops the snapshot');
  });

  it('ends a run as paused, done, stopped or diverged', () => {
    const m = new SessionModel();
    m.apply({ type: 'train/progress', progress: progress(4), points: [] });
    m.apply({ type: 'train/stopped', reason: 'paused' });
    assert.equal(m.view.status, 'paused');
    m.stopRequested = true;
    m.apply({ type: 'train/stopped', reason: 'paused' });
    assert.deepEqual([m.view.status, m.view.message], ['done', 'Stopped at step 4.']);
    const divergence = {
      step: 5,
      epoch: 5,
      layer: 1,
      layerName: 'output',
      where: 'loss' as const,
      message: 'loss is NaN',
    };
    m.apply({ type: 'train/stopped', reason: 'diverged', divergence });
    assert.equal(m.view.status, 'diverged');
    assert.equal(m.divergence, divergence);
    assert.equal(m.view.message, 'loss is NaN (layer "output")');
    m.restart(0.5);
    assert.deepEqual(m.view, { status: 'loading', history: [], learningRate: 0.5 });
    assert.equal(m.divergence, undefined);
  });

  it('shows a loss that rose far above its start as the session warning while it lasts', () => {
    const m = new SessionModel();
    const rise = {
      from: 0.693,
      to: 916,
      message: 'the loss rose from 0.693 to 916: the learning rate is probably too high',
    };
    assert.equal(
      m.apply({ type: 'train/progress', progress: { ...progress(1), lossRise: rise }, points: [] }).stateChanged,
      true,
    );
    assert.equal(
      m.view.warning,
      'The loss rose from 0.693 to 916: the learning rate is probably too high. Lower it and reset.',
    );
    assert.equal(
      m.apply({ type: 'train/progress', progress: { ...progress(2), lossRise: rise }, points: [] }).stateChanged,
      false,
    );
    m.apply({ type: 'train/stopped', reason: 'done' });
    assert.equal(m.view.status, 'done');
    assert.match(m.view.warning ?? '', /Lower it and reset/, 'it outlasts the run');
    assert.equal(m.apply({ type: 'train/progress', progress: progress(3, false), points: [] }).stateChanged, true);
    assert.equal(m.view.warning, undefined);
  });

  it('reports load and worker errors as the error status', () => {
    const m = new SessionModel();
    m.apply({ type: 'session/loaded', result: { ok: false, error: 'The spec has errors' } });
    assert.deepEqual([m.view.status, m.view.message], ['error', 'The spec has errors']);
  });

  it('keeps the last GRADIENT_HISTORY snapshots of gradients in order', () => {
    const ring = new GradientRing(GRADIENT_HISTORY);
    for (let k = 0; k < GRADIENT_HISTORY + 5; k++) ring.push(Float64Array.of(k));
    const h = ring.historyOf(0);
    assert.equal(h.length, GRADIENT_HISTORY);
    assert.deepEqual([h[0], h.at(-1)], [5, GRADIENT_HISTORY + 4]);
  });

  it('keeps fewer snapshots of a large network, within its memory budget', () => {
    // 1000 float64 gradients = 8000 bytes; a 20 000-byte budget holds two.
    const ring = new GradientRing(GRADIENT_HISTORY, 20_000);
    for (let k = 0; k < 5; k++) ring.push(new Float64Array(1000).fill(k));
    assert.deepEqual(ring.historyOf(999), [3, 4]);
  });

  it('draws sparklines from min to max', () => {
    assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
    assert.equal(sparkline([2, 2]), '▄▄');
    assert.equal(sparkline([1, NaN, 2]), '▁ █');
    assert.equal(sparkline([]), '');
  });

  it('halves a long history but keeps its newest point', () => {
    const history: HistoryPoint[] = [];
    for (let step = 1; step <= MAX_HISTORY + 1; step++) appendPoint(history, { step, loss: 1, gradNorms: [] });
    assert.ok(history.length <= MAX_HISTORY / 2 + 1);
    assert.equal(history.at(-1)!.step, MAX_HISTORY + 1);
    assert.ok(history.every((p, i) => i === 0 || p.step > history[i - 1].step));
  });

  it('explains a worker that ran out of memory or exited', () => {
    assert.match(
      crashMessage(1, 'ERR_WORKER_OUT_OF_MEMORY', 'heap', 256),
      /ran out of memory \(limit 256 MB, setting backprop\.worker\.maxMemoryMb\)/,
    );
    assert.equal(
      crashMessage(1, undefined, undefined, 256),
      'The training worker stopped unexpectedly (exit code 1). Restart to start a new session.',
    );
    assert.match(crashMessage(1, 'ERR_X', 'boom', 256), /\(exit code 1\): boom\./);
  });
});
