import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { FromWorker, Snapshot, ToWorker } from '../../../src/protocol';

const root = path.join(__dirname, '../../../..');
const workerPath = path.join(root, 'dist/worker.js');
const example = (name: string): { text: string; specPath: string } => {
  const specPath = path.join(root, 'examples', name);
  return { text: fs.readFileSync(specPath, 'utf8'), specPath };
};

/** The built worker with a log of what it posted and a way to wait for a message. */
class Harness {
  readonly worker = new Worker(workerPath);
  readonly messages: FromWorker[] = [];
  private waiters: { test: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void }[] = [];

  constructor() {
    this.worker.on('message', (m: FromWorker) => {
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => !(w.test(m) && (w.resolve(m), true)));
    });
  }

  send(m: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  /** The next message of that type (matching `test`), or a rejection after `ms`. */
  next<T extends FromWorker['type']>(
    type: T,
    test: (m: Extract<FromWorker, { type: T }>) => boolean = () => true,
    ms = 10_000,
  ): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${ms} ms`)), ms);
      this.waiters.push({
        test: (m) => m.type === type && test(m as Extract<FromWorker, { type: T }>),
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Extract<FromWorker, { type: T }>);
        },
      });
    });
  }

  private requests = 0;

  /** A fresh request id. */
  id(): number {
    return ++this.requests;
  }

  async load(name: string, text?: string): Promise<Extract<FromWorker, { type: 'session/loaded' }>> {
    const src = example(name);
    const requestId = this.id();
    const loaded = this.next('session/loaded', (m) => m.requestId === requestId);
    this.send({ type: 'session/load', requestId, source: { text: text ?? src.text, specPath: src.specPath } });
    return loaded;
  }
}

/** A sparse .npy of float32 zeros of `shape` (nothing on disk but its header). */
function sparseNpy(file: string, shape: number[]): void {
  const header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')},), }`.padEnd(117) + '\n';
  fs.writeFileSync(
    file,
    Buffer.concat([Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0, 118, 0]), Buffer.from(header)]),
  );
  fs.truncateSync(file, 128 + shape.reduce((a, b) => a * b, 4));
}

/** The temp folders `largeNpy` made, removed when the tests end. */
const folders: string[] = [];

/** A spec of `rows` × 784 inputs and one target each, sparse .npy files in a temp folder. */
function largeNpy(rows: number): { text: string; specPath: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-load-'));
  folders.push(dir);
  sparseNpy(path.join(dir, 'x.npy'), [rows, 784]);
  sparseNpy(path.join(dir, 'y.npy'), [rows]);
  const spec = {
    input: 784,
    layers: [{ units: 1, activation: 'sigmoid' }],
    loss: 'mse',
    data: { inputs: { file: 'x.npy' }, targets: { file: 'y.npy' } },
  };
  return { text: JSON.stringify(spec), specPath: path.join(dir, 'large.nn.json') };
}

describe('worker/trainingWorker (dist/worker.js)', () => {
  let h: Harness;
  beforeEach(() => (h = new Harness()));
  afterEach(async () => {
    await h.worker.terminate();
  });
  after(() => folders.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it("reports a large load's progress in bytes; cancelled, it answers promptly and stays usable", async () => {
    const source = { ...largeNpy(100_000), maxNumbers: 1e9 };
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const requestId = h.id();
    const progress = h.next('load/progress', (m) => m.requestId === requestId);
    const loaded = h.next('session/loaded', (m) => m.requestId === requestId, 60_000);
    h.send({ type: 'session/load', requestId, source, cancel });
    const first = (await progress).progress;
    assert.equal(first.file, 'x.npy');
    assert.equal(first.unit, 'bytes');
    assert.equal(first.total, 100_000 * 784 * 4);
    assert.ok(first.done > 0 && first.done < first.total, `${first.done} of ${first.total}`);
    Atomics.store(cancel, 0, 1);
    const answer = await loaded;
    assert.deepEqual(answer.result, { ok: false, error: 'Cancelled: loading "x.npy" was cancelled.' });
    const again = await h.load('xor.nn.json');
    assert.equal(again.result.ok, true);
    const stepped = h.next('train/progress');
    h.send({ type: 'train/step', count: 1 });
    assert.equal((await stepped).progress.step, 1);
  });

  it("refuses data beyond the source's maxNumbers (the editor's memory setting) from the headers alone", async () => {
    const source = { ...largeNpy(100_000), maxNumbers: 1_000_000 };
    const requestId = h.id();
    const loaded = h.next('session/loaded', (m) => m.requestId === requestId);
    h.send({ type: 'session/load', requestId, source });
    const answer = (await loaded).result;
    assert.equal(answer.ok, false);
    assert.match(answer.ok ? '' : answer.error, /more than the .* backprop\.worker\.maxMemoryMb in the editor/);
    assert.equal(h.messages.filter((m) => m.type === 'load/progress').length, 0, 'nothing was read');
  });

  it('refuses commands before a spec is loaded', async () => {
    const err = h.next('worker/error');
    h.send({ type: 'train/run' });
    assert.match((await err).message, /before a spec was loaded/);
  });

  it('reports a spec with errors instead of loading it', async () => {
    const r = await h.load('xor.nn.json', '{ "input": 2 }');
    assert.equal(r.result.ok, false);
  });

  it('answers a data check with what only the whole data file shows, without loading a session', async () => {
    const iris = example('iris.nn.json');
    const requestId = h.id();
    const answer = h.next('data/checked', (m) => m.requestId === requestId);
    h.send({ type: 'data/check', requestId, source: iris });
    const { result } = await answer;
    assert.ok(result.ok);
    assert.deepEqual(result.value, { problems: [], classNames: ['setosa', 'versicolor', 'virginica'] });
    const err = h.next('worker/error');
    h.send({ type: 'train/run' });
    assert.match((await err).message, /before a spec was loaded/, 'a check keeps nothing');
  });

  it('one step sends its step view, progress, a snapshot and (two inputs) the decision boundary', async () => {
    const loaded = await h.load('xor.nn.json');
    assert.deepEqual(loaded.result, { ok: true, value: { name: 'XOR', paramCount: 13, stepsPerEpoch: 1 } });
    const detail = h.next('train/stepDetail');
    const snapshot = h.next('train/snapshot');
    const boundary = h.next('train/boundary');
    h.send({ type: 'train/step', count: 1 });
    const d = (await detail).detail;
    assert.equal(d.step, 1);
    assert.deepEqual(d.rows, [0, 1, 2, 3]);
    assert.equal(d.inputs.length, 8);
    assert.equal(d.layers.length, 2);
    assert.equal(d.layers[0].Z.length, 4 * 3);
    assert.ok(d.fusedOutput);
    assert.equal(d.layers[1].dA, undefined);
    assert.ok(d.layers[0].dA instanceof Float64Array);
    const message = await snapshot;
    // A single step always sends the exact vectors with the pictures.
    const s = message.snapshot!;
    assert.equal(s.step, 1);
    assert.equal(s.params.length, 13);
    // The panel's copy: xor's layers are small, so every weight is its own cell, exact.
    assert.deepEqual(
      message.panel.layers.map((l) => [l.kind, l.rows, l.cols]),
      [
        ['exact', 3, 2],
        ['exact', 1, 3],
      ],
    );
    assert.deepEqual([...message.panel.layers[1].weights], [...s.params.subarray(9, 12)]);
    assert.deepEqual([...message.panel.layers[0].biasUpdates], [...s.lastUpdate.subarray(6, 9)]);
    assert.equal(s.grads.length, 13);
    assert.ok(s.lastUpdate.some((x) => x !== 0));
    assert.equal(s.health.length, 2);
    const g = (await boundary).grid;
    assert.equal(g.values.length, g.resolution * g.resolution * g.outputs);
    assert.equal(g.pointsX.length, 4);
    // The network's answer at each data point, from the snapshot's weights by hand (sigmoid 2-3-1; float32 on wire).
    const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
    const p = s.params;
    for (let r = 0; r < 4; r++) {
      const x = [g.pointsX[r], g.pointsY[r]];
      const hidden = [0, 1, 2].map((j) => sigmoid(p[j * 2] * x[0] + p[j * 2 + 1] * x[1] + p[6 + j]));
      const y = sigmoid(p[9] * hidden[0] + p[10] * hidden[1] + p[11] * hidden[2] + p[12]);
      assert.ok(Math.abs(g.pointsPredicted[r] - y) < 1e-6, `point ${r}: ${g.pointsPredicted[r]} against ${y}`);
    }
  });

  it('gives no class to a data point whose outputs are not finite', async () => {
    // In float32, eight identity layers of weights ±1e6 overflow at the point (1, 1) (2e6 per layer passes 3.4e38),
    // so its softmax is NaN; the point (0, 0) stays all zeros and still has an answer.
    const identity = (k: number) => ({
      units: 2,
      activation: 'identity',
      weights:
        k === 0
          ? [
              [1e6, 1e6],
              [-1e6, -1e6],
            ]
          : [
              [1e6, -1e6],
              [-1e6, 1e6],
            ],
      biases: [0, 0],
    });
    const overflowing = JSON.stringify({
      input: 2,
      layers: [
        ...Array.from({ length: 8 }, (_, k) => identity(k)),
        {
          units: 2,
          activation: 'softmax',
          weights: [
            [1, -1],
            [-1, 1],
          ],
          biases: [0, 0],
        },
      ],
      loss: 'cross-entropy',
      optimizer: { type: 'sgd', learningRate: 0.1 },
      training: { epochs: 1, batchSize: 2, precision: 'float32' },
      data: {
        inputs: [
          [0, 0],
          [1, 1],
        ],
        targets: [
          [1, 0],
          [0, 1],
        ],
      },
    });
    assert.equal((await h.load('xor.nn.json', overflowing)).result.ok, true);
    // The spec's own weights, untrained (a step would spread the NaN to every weight).
    const boundary = h.next('train/boundary');
    h.send({ type: 'snapshot/request', requestId: h.id() });
    const g = (await boundary).grid;
    assert.equal(g.outputs, 2);
    assert.ok(Number.isFinite(g.pointsPredicted[0]), `point 0: ${g.pointsPredicted[0]}`);
    assert.ok(Number.isNaN(g.pointsPredicted[1]), `point 1: ${g.pointsPredicted[1]}`);
  });

  it("trains to the end of the spec's epochs, streaming throttled progress", async () => {
    await h.load('xor.nn.json');
    const stopped = h.next('train/stopped');
    h.send({ type: 'train/run' });
    const s = await stopped;
    assert.equal(s.reason, 'done');
    const progress = h.messages.filter((m) => m.type === 'train/progress');
    const last = progress[progress.length - 1];
    assert.ok(last.type === 'train/progress' && last.progress.step === 3000 && !last.progress.running);
    assert.ok(progress.length < 3000 / 10, `progress is throttled (${progress.length} messages for 3000 steps)`);
    // Yet the loss curve is dense: thinned per-step points, in order, ending at the last step.
    const points = progress.flatMap((m) => (m.type === 'train/progress' ? m.points : []));
    assert.ok(points.length >= 100, `${points.length} chart points`);
    points.forEach((p, i) => i > 0 && assert.ok(p.step > points[i - 1].step, 'steps increase'));
    assert.equal(points[points.length - 1].step, 3000);
    assert.ok(points.every((p) => Number.isFinite(p.loss) && p.gradNorms.length === 2));
  });

  it("Train after a finished run trains the spec's epochs once more", async () => {
    await h.load('xor.nn.json');
    h.send({ type: 'train/run' });
    await h.next('train/stopped');
    const again = h.next('train/stopped');
    h.send({ type: 'train/run' });
    assert.equal((await again).reason, 'done');
    const last = h.messages.filter((m) => m.type === 'train/progress').pop();
    assert.ok(last?.type === 'train/progress' && last.progress.step === 6000 && last.progress.totalSteps === 6000);
  });

  it('puts the validation loss on the chart points taken with snapshots', async () => {
    await h.load('spiral.nn.json');
    const stopped = h.next('train/stopped');
    h.send({ type: 'train/run' });
    await stopped;
    const points = h.messages.flatMap((m) => (m.type === 'train/progress' ? m.points : []));
    const withValidation = points.filter((p) => p.validationLoss !== undefined);
    assert.ok(withValidation.length >= 1);
    assert.ok(withValidation.every((p) => Number.isFinite(p.validationLoss)));
  });

  // NOTE: how fast a pause lands is a wall time, reported by `npm run bench:editor` (pause latency), not asserted here.
  it('pauses between slices and resumes where it left off', async () => {
    const spiral = example('spiral.nn.json');
    await h.load('spiral.nn.json', spiral.text.replace(/"epochs":\s*\d+/, '"epochs": 100000'));
    const firstProgress = h.next('train/progress', (m) => m.progress.step > 0);
    h.send({ type: 'train/run' });
    await firstProgress;
    const stopped = h.next('train/stopped');
    h.send({ type: 'train/pause' });
    const s = await stopped;
    assert.equal(s.reason, 'paused');
    const after = h.next('train/progress');
    h.send({ type: 'train/step', count: 5 });
    const p = (await after).progress;
    const pausedAt = h.messages
      .filter((m) => m.type === 'train/progress')
      .map((m) => (m.type === 'train/progress' ? m.progress.step : 0));
    assert.equal(p.step, pausedAt[pausedAt.length - 2] + 5);
  });

  it('reset returns to the initial weights', async () => {
    await h.load('xor.nn.json');
    const requestId = h.id();
    const first = h.next('train/snapshot', (m) => m.requestId === requestId);
    h.send({ type: 'snapshot/request', requestId });
    const initial = (await first).snapshot!.params;
    h.send({ type: 'train/step', count: 10 });
    await h.next('train/snapshot', (m) => m.panel.step === 10);
    const reset = h.next('train/snapshot', (m) => m.panel.step === 0);
    h.send({ type: 'train/reset' });
    assert.deepEqual(Array.from((await reset).snapshot!.params), Array.from(initial));
  });

  it('takes the buffers the host hands back, before or after a load, and the snapshots after them stay exact', async () => {
    // Handed back before any spec is loaded (a worker kept from an earlier session): no error.
    const early = new ArrayBuffer(13 * 8);
    h.send({ type: 'snapshot/recycle', buffers: [early] }, [early]);
    await h.load('xor.nn.json');
    const ask = async (): Promise<Snapshot> => {
      const requestId = h.id();
      const answer = h.next('train/snapshot', (m) => m.requestId === requestId);
      h.send({ type: 'snapshot/request', requestId });
      return (await answer).snapshot!;
    };
    const initial = await ask();
    const buffers = [initial.params, initial.grads, initial.lastUpdate].map((v) => v.buffer as ArrayBuffer);
    h.send({ type: 'snapshot/recycle', buffers }, buffers);
    assert.equal(initial.params.length, 0, 'handed back means transferred, not copied');
    h.send({ type: 'train/step', count: 3 });
    const reused = await ask();
    // The same three steps again from the same seed, into buffers allocated afresh: the same numbers.
    h.send({ type: 'train/reset' });
    h.send({ type: 'train/step', count: 3 });
    const fresh = await ask();
    assert.equal(reused.step, 3);
    for (const key of ['params', 'grads', 'lastUpdate'] as const)
      assert.deepEqual(Array.from(reused[key]), Array.from(fresh[key]), key);
    assert.equal(h.messages.filter((m) => m.type === 'worker/error').length, 0);
  });

  it('reports a loss that rose more than 100× above its start in its progress, even with every value finite', async () => {
    // One identity unit, mse: a learning rate of 0.03 takes w from 0.5 to 203 in one step, the loss ~190× higher.
    const rising = JSON.stringify({
      input: 1,
      layers: [{ units: 1, activation: 'identity', weights: [[0.5]], biases: [0] }],
      loss: 'mse',
      optimizer: { type: 'sgd', learningRate: 0.03 },
      training: { epochs: 1, batchSize: 2, shuffle: false },
      data: { inputs: [[10], [20]], targets: [[100], [300]] },
    });
    await h.load('xor.nn.json', rising);
    const stepped = h.next('train/progress', (m) => m.progress.step === 1);
    h.send({ type: 'train/step', count: 1 });
    const rise = (await stepped).progress.lossRise;
    assert.ok(rise, 'the progress after the step carries the rise');
    assert.equal(rise.from, 46562.5);
    assert.ok(rise.to > 100 * rise.from && Number.isFinite(rise.to));
    assert.match(rise.message, /^the loss rose from 4\.66e4 to [\d.]+e6: the learning rate is probably too high$/);
    const reset = h.next('train/progress', (m) => m.progress.step === 0);
    h.send({ type: 'train/reset' });
    assert.equal((await reset).progress.lossRise, undefined, 'a reset starts over');
    const done = h.next('train/stopped');
    h.send({ type: 'train/run' });
    await done;
    const last = h.messages.filter((m) => m.type === 'train/progress').pop();
    assert.ok(last?.type === 'train/progress' && last.progress.lossRise?.from === 46562.5, 'a run reports it too');
  });

  it('a falling loss reports no rise', async () => {
    await h.load('xor.nn.json');
    const stopped = h.next('train/stopped');
    h.send({ type: 'train/run' });
    await stopped;
    assert.ok(h.messages.every((m) => m.type !== 'train/progress' || m.progress.lossRise === undefined));
  });

  it('stops on divergence and says where', async () => {
    const exploding = JSON.stringify({
      input: 2,
      layers: [
        { units: 3, activation: 'identity' },
        { units: 1, activation: 'identity' },
      ],
      loss: 'mse',
      optimizer: { type: 'sgd', learningRate: 1000 },
      training: { epochs: 1000, batchSize: 4 },
      data: {
        inputs: [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ],
        targets: [[0], [1], [1], [0]],
      },
    });
    await h.load('xor.nn.json', exploding);
    const stopped = h.next('train/stopped');
    h.send({ type: 'train/run' });
    const s = await stopped;
    assert.equal(s.reason, 'diverged');
    assert.ok(s.divergence);
    assert.match(s.divergence.message, /diverged at step \d+/);
  });

  it('answers a gradient check', async () => {
    await h.load('xor.nn.json');
    const result = h.next('check/result');
    h.send({ type: 'check/run', requestId: 7 });
    const r = await result;
    assert.equal(r.requestId, 7);
    assert.ok(r.result.ok);
    assert.equal(r.result.value.verdict, 'good');
    assert.equal(r.result.value.total, 13);
  });

  it('sends exact vectors always when asked, and at the end of a run', async () => {
    await h.load('xor.nn.json');
    const requestId = h.id();
    const asked = h.next('train/snapshot');
    h.send({ type: 'snapshot/request', requestId });
    assert.equal((await asked).requestId, requestId, 'the answer names its request');
    assert.ok((await asked).snapshot, 'a requested snapshot is exact');
    // Within 200 ms of that one, a run's snapshots carry only pictures; its end carries the exact vectors again.
    h.send({ type: 'train/run', steps: 20_000 });
    const stopped = h.next('train/stopped');
    await stopped;
    const during = h.messages.filter((m) => m.type === 'train/snapshot');
    assert.ok(
      during.at(-1)?.type === 'train/snapshot' && during.at(-1)!.snapshot,
      'the run ends with an exact snapshot',
    );
  });
});
