import * as assert from 'node:assert/strict';
import type { HistoryPoint, Progress } from '../../../../src/protocol';
import { GradientRing, sparkline } from '../../../../src/extension/sessions/gradientRing';
import {
  crashMessage,
  GRADIENT_HISTORY,
  IllegalTransition,
  isTransition,
  SessionModel,
  TRANSITIONS,
  type LiveStatus,
} from '../../../../src/extension/sessions/model';
import { MAX_HISTORY } from '../../../../src/shared/history';
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

const LOADED = { name: 'x', paramCount: 13, stepsPerEpoch: 1 };
const loaded = { type: 'session/loaded', requestId: 1, result: { ok: true, value: LOADED } } as const;

/** A model whose worker loaded a 2-3-1 network. */
function readyModel(): SessionModel {
  const m = new SessionModel();
  m.restart('{}', [2, 3, 1], 0.1);
  m.apply(loaded);
  return m;
}

describe('extension/sessionModel', () => {
  it('keeps the chart history by the shared rule: long runs thinned, the newest point kept', () => {
    const m = readyModel();
    const points: HistoryPoint[] = Array.from({ length: MAX_HISTORY + 1 }, (_, i) => ({
      step: i + 1,
      loss: 1,
      gradNorms: [],
    }));
    m.apply({ type: 'train/progress', progress: progress(MAX_HISTORY + 1), points });
    assert.equal(m.view.history.length, MAX_HISTORY / 2 + 1);
    assert.equal(m.view.history.at(-1)!.step, MAX_HISTORY + 1);
  });

  it('goes from loading to ready, streams progress with its chart points, and records snapshots', () => {
    const m = new SessionModel();
    assert.equal(m.view.status, 'loading');
    assert.deepEqual(m.apply(loaded), { posts: [], stateChanged: true });
    const snapshot = { ...fakeSnapshot(13, 2), validationLoss: 0.7 };
    const panel = panelSnapshot(snapshot, snapshot, XOR_SLICES);
    assert.deepEqual(m.apply({ type: 'train/snapshot', snapshot, panel }), {
      posts: [{ type: 'session/snapshot', snapshot: panel }],
      stateChanged: false,
      recycle: [],
    });
    // Hovers read the exact snapshot; the panel's state holds the pictured one.
    assert.equal(m.snapshot, snapshot);
    assert.equal(m.view.snapshot, panel);
    // Pictures alone (a large network between its exact snapshots): the panel moves on, hovers keep the exact one.
    const later = fakeSnapshot(13, 2, 9);
    const picturesOnly = panelSnapshot(later, later, XOR_SLICES);
    m.apply({ type: 'train/snapshot', panel: picturesOnly });
    assert.deepEqual([m.view.snapshot, m.snapshot], [picturesOnly, snapshot]);
    const points = [
      { step: 2, loss: 0.5, gradNorms: [0.1, 0.2] },
      { step: 3, loss: 1 / 3, validationLoss: 0.7, gradNorms: [0.1, 0.2] },
    ];
    const applied = m.apply({ type: 'train/progress', progress: progress(3), points });
    assert.equal(m.view.status, 'running');
    assert.equal(applied.stateChanged, true);
    assert.deepEqual(applied.posts, [{ type: 'session/progress', progress: progress(3), points }]);
    assert.deepEqual(m.view.history, points);
    assert.deepEqual(m.gradientHistory(0), [0.01]);
  });

  it("answers the panel's questions about one parameter from the exact snapshot", () => {
    const m = readyModel();
    assert.equal(m.inspect({ layer: 0, kind: 'weight', row: 0, col: 0 }), undefined, 'nothing before a snapshot');
    const snapshot = fakeSnapshot(13, 2, 7);
    m.apply({ type: 'train/snapshot', snapshot, panel: panelSnapshot(snapshot, snapshot, XOR_SLICES) });
    // W1[2][1] is flat index 2·2 + 1 = 5; b2[0] is flat index 12.
    assert.deepEqual(m.inspect({ layer: 0, kind: 'weight', row: 2, col: 1 }), {
      ref: { layer: 0, kind: 'weight', row: 2, col: 1 },
      step: 7,
      value: 6,
      grad: 0.06,
      update: -0.005,
    });
    assert.deepEqual(m.inspect({ layer: 1, kind: 'bias', row: 0 }), {
      ref: { layer: 1, kind: 'bias', row: 0 },
      step: 7,
      value: 13,
      grad: 0.13,
      update: -0.012,
    });
    assert.equal(m.inspect({ layer: 1, kind: 'weight', row: 1, col: 0 }), undefined, 'row past the layer');
    assert.equal(m.inspect({ layer: 0, kind: 'weight', row: 0, col: 2 }), undefined, 'column past the fan-in');
    assert.equal(m.inspect({ layer: 2, kind: 'bias', row: 0 }), undefined, 'layer past the network');
    m.restart('{}', [2, 3, 1], undefined);
    assert.equal(m.inspect({ layer: 1, kind: 'bias', row: 0 }), undefined, 'a restart drops the snapshot');
  });

  it('ends a run as paused, done, stopped or diverged', () => {
    const m = readyModel();
    m.run();
    m.apply({ type: 'train/progress', progress: progress(4), points: [] });
    m.apply({ type: 'train/stopped', reason: 'paused' });
    assert.equal(m.view.status, 'paused');
    m.run();
    assert.deepEqual(m.stop(), { pauseWorker: true, changed: false }, 'a run is asked to pause first');
    assert.equal(m.view.status, 'running');
    m.apply({ type: 'train/stopped', reason: 'paused' });
    assert.deepEqual([m.view.status, m.view.message], ['done', 'Stopped at step 4.']);
    m.run();
    m.apply({ type: 'train/stopped', reason: 'done' });
    assert.deepEqual([m.view.status, m.view.message], ['done', 'Trained 4 steps.']);
    const divergence = {
      step: 5,
      epoch: 5,
      layer: 1,
      layerName: 'output',
      where: 'loss' as const,
      message: 'loss is NaN',
    };
    m.run();
    m.apply({ type: 'train/stopped', reason: 'diverged', divergence });
    assert.equal(m.view.status, 'diverged');
    assert.equal(m.divergence, divergence);
    assert.equal(m.view.message, 'loss is NaN (layer "output")');
    m.restart('{}', [2, 3, 1], 0.5);
    assert.deepEqual(m.view, { status: 'loading', history: [], learningRate: 0.5 });
    assert.equal(m.divergence, undefined);
  });

  it('shows a loss that rose far above its start as the session warning while it lasts', () => {
    const m = readyModel();
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

  it('stops a paused or ready session at once, and holds still after a step', () => {
    const m = readyModel();
    assert.equal(m.step(), true);
    assert.equal(m.view.status, 'paused');
    assert.deepEqual(m.stop(), { pauseWorker: false, changed: true });
    assert.deepEqual([m.view.status, m.view.message], ['done', 'Stopped at step 0.']);
    assert.deepEqual(m.stop(), { pauseWorker: false, changed: false }, 'nothing to stop when done');
    assert.equal(m.step(), true, 'a step after a run pauses');
  });

  it('reports load and worker errors as the error status, which only a reload leaves', () => {
    const m = new SessionModel();
    m.apply({ type: 'session/loaded', requestId: 1, result: { ok: false, error: 'The spec has errors' } });
    assert.deepEqual([m.view.status, m.view.message], ['error', 'The spec has errors']);
    assert.throws(() => m.run(), IllegalTransition);
    const w = readyModel();
    w.apply({ type: 'worker/error', message: 'boom' });
    assert.deepEqual([w.view.status, w.view.message], ['error', 'boom']);
    w.restart('{}', [2, 3, 1], undefined);
    assert.equal(w.view.status, 'loading');
  });

  it('allows exactly the transitions of its table; a reload and the worker ending always', () => {
    const all = Object.keys(TRANSITIONS) as LiveStatus[];
    for (const from of all)
      for (const to of all) {
        const allowed = from === to || to === 'loading' || to === 'crashed' || TRANSITIONS[from].includes(to);
        assert.equal(isTransition(from, to), allowed, `${from} → ${to}`);
      }
    assert.equal(isTransition('crashed', 'running'), false);
    assert.equal(isTransition('loading', 'running'), false, 'no command acts before the load is answered');
    assert.equal(isTransition('diverged', 'paused'), false);
  });

  it('throws on an illegal transition by default, and reports it (still making it) when told to', () => {
    const m = new SessionModel();
    assert.throws(
      () => m.apply({ type: 'train/progress', progress: progress(1), points: [] }),
      /Internal error while changing a training session's status: loading → running is not a transition/,
    );
    const heard: Error[] = [];
    const lenient = new SessionModel((err) => heard.push(err));
    lenient.ended('The training worker stopped unexpectedly.');
    lenient.apply({ type: 'train/stopped', reason: 'done' });
    assert.equal(heard.length, 1);
    assert.match(heard[0].message, /crashed → done/);
    assert.equal(lenient.view.status, 'done', 'the worker is the truth: the change is made');
  });

  it('is stale while the text differs from the loaded one; written-back weights are the new loaded text', () => {
    const m = readyModel();
    assert.equal(m.textChanged('{ }'), true);
    assert.equal(m.stale, true);
    assert.equal(m.textChanged('{ }'), false, 'no change, no event');
    assert.equal(m.textChanged('{}'), true, 'undoing the edit makes it fresh again');
    assert.equal(m.stale, false);
    m.textChanged('{ "weights": [] }');
    assert.equal(m.adoptText('{ "weights": [] }'), true);
    assert.deepEqual([m.stale, m.loadedText], [false, '{ "weights": [] }']);
  });

  it('hands back the exact buffers it stops reading, never those of a snapshot someone asked for', () => {
    const m = readyModel();
    const exact = (step: number, requestId?: number) => {
      const snapshot = fakeSnapshot(13, 2, step);
      const applied = m.apply({
        type: 'train/snapshot',
        snapshot,
        panel: panelSnapshot(snapshot, snapshot, XOR_SLICES),
        ...(requestId === undefined ? {} : { requestId }),
      });
      const recycle: ArrayBufferLike[] = applied.recycle ?? [];
      return { snapshot, recycle };
    };
    const first = exact(1);
    assert.deepEqual(first.recycle, [], 'nothing to hand back before a second snapshot');
    const second = exact(2);
    // The first snapshot's weights and last update are no longer read; its gradients stay in the history.
    assert.deepEqual(second.recycle, [first.snapshot.params.buffer, first.snapshot.lastUpdate.buffer]);
    assert.equal(m.snapshot, second.snapshot);
    // A requested snapshot also belongs to the request's caller: replacing it hands nothing of it back.
    const asked = exact(3, 7);
    assert.deepEqual(asked.recycle, [second.snapshot.params.buffer, second.snapshot.lastUpdate.buffer]);
    assert.deepEqual(exact(4).recycle, []);
    // Once the history is full, the gradients that fall out of it come back too, except the requested one's.
    const later = Array.from({ length: GRADIENT_HISTORY - 4 }, (_, k) => exact(5 + k));
    assert.deepEqual(later.at(-1)!.recycle.length, 2);
    const evictFirst = exact(GRADIENT_HISTORY + 1);
    assert.ok(evictFirst.recycle.includes(first.snapshot.grads.buffer), 'the oldest gradients come back');
    const evictSecond = exact(GRADIENT_HISTORY + 2);
    assert.ok(evictSecond.recycle.includes(second.snapshot.grads.buffer));
    const evictAsked = exact(GRADIENT_HISTORY + 3);
    assert.equal(evictAsked.recycle.includes(asked.snapshot.grads.buffer), false, "the caller's gradients stay theirs");
    assert.equal(evictAsked.recycle.length, 2);
    // What a hover reads is never among them.
    const latest = evictAsked.snapshot;
    for (const b of [latest.params.buffer, latest.grads.buffer, latest.lastUpdate.buffer])
      assert.equal(
        [...later, evictFirst, evictSecond, evictAsked].some((e) => e.recycle.includes(b)),
        false,
      );
  });

  it('keeps the last GRADIENT_HISTORY snapshots of gradients in order', () => {
    const ring = new GradientRing(GRADIENT_HISTORY);
    const evicted = Array.from({ length: GRADIENT_HISTORY + 5 }, (_, k) => ring.push(Float64Array.of(k))?.[0]);
    assert.deepEqual(evicted, [...Array<undefined>(GRADIENT_HISTORY).fill(undefined), 0, 1, 2, 3, 4]);
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
