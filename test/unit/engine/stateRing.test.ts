import * as assert from 'node:assert/strict';
import {
  MIN_RING_DEPTH,
  StateRing,
  stateBytes,
  Trainer,
  type OptimizerConfig,
  type TrainerState,
} from '../../../src/engine';
import { makeModel, randomData } from './models';

const ADAM: OptimizerConfig = { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Everything a step leaves behind that a restored run must reproduce bit for bit. */
function fingerprint(t: Trainer): unknown {
  const s: TrainerState = t.saveState();
  const rows = t.batchRows;
  const views = t.model.layers.map((_, l) => {
    const v = t.net.batchView(l);
    const n = rows * t.net.layout.layers[l].units;
    return [v.Z, v.A, v.dZ].map((x) => Array.from(x.subarray(0, n)));
  });
  return {
    ...s,
    order: Array.from(s.order),
    params: Array.from(s.params),
    vectors: s.optimizer.vectors.map((v) => Array.from(v)),
    loss: t.lastBatchLoss,
    norms: Array.from(t.layerGradNorms),
    update: Array.from(t.lastUpdate),
    views,
  };
}

/** Trains `n` steps, recording each boundary in the ring as the debugger does. */
function train(ring: StateRing, t: Trainer, n: number): void {
  for (let i = 0; i < n; i++) {
    ring.record(t);
    t.trainStep();
  }
}

describe('engine/stateRing', () => {
  for (const precision of ['float64', 'float32'] as const)
    for (const budget of [1e9, 40 * 1024]) {
      it(`${precision}, budget ${budget} B: every step back to the oldest kept is bit-identical, batch views too`, () => {
        const model = makeModel({ optimizer: ADAM, shuffle: true, batchSize: 5, seed: 9, l2: 1e-3 });
        model.training.precision = precision;
        const data = randomData(model, 23);
        const t = new Trainer(model, data);
        const ring = new StateRing(stateBytes(t), budget);
        const seen: unknown[] = [];
        for (let i = 0; i < 130; i++) {
          ring.record(t);
          t.trainStep();
          seen.push(fingerprint(t));
        }
        assert.ok(ring.bytesHeld <= Math.max(budget, 2 * ring.bytesPerState));
        const oldest = ring.oldestStep ?? Infinity;
        assert.ok(130 - oldest >= MIN_RING_DEPTH, `reaches ${130 - oldest} steps back`);
        for (let target = 130; target >= 1; target--) {
          const ok = ring.rewind(t, target);
          assert.equal(ok, target > oldest, `step ${target}`);
          if (ok) assert.deepEqual(fingerprint(t), seen[target - 1], `step ${target}`);
        }
      });
    }

  it('a small budget spaces checkpoints further apart and still reaches 100 steps back', () => {
    const t = new Trainer(makeModel(), randomData(makeModel(), 10));
    const ring = new StateRing(stateBytes(t), stateBytes(t) * 11);
    assert.deepEqual([ring.capacity, ring.interval], [11, 10]);
    const roomy = new StateRing(stateBytes(t), stateBytes(t) * 1000);
    assert.deepEqual([roomy.capacity, roomy.interval], [1000, 1]);
  });

  it('back to step 0 is the spec’s initial state; stepping on from there repeats the run exactly', () => {
    const model = makeModel({ shuffle: true, batchSize: 3 });
    const data = randomData(model, 10);
    const t = new Trainer(model, data);
    const ring = new StateRing(stateBytes(t));
    train(ring, t, 5);
    const five = fingerprint(t);
    assert.ok(ring.rewind(t, 0));
    assert.deepEqual(t.saveState(), new Trainer(model, data).saveState());
    assert.notDeepEqual(fingerprint(t), five);
    train(ring, t, 5);
    assert.deepEqual(fingerprint(t), five);
  });

  it('an edited checkpoint is restored as edited, never replayed over', () => {
    const model = makeModel({ batchSize: 2 });
    const data = randomData(model, 8);
    const t = new Trainer(model, data);
    const ring = new StateRing(stateBytes(t));
    train(ring, t, 3);
    t.net.params[0] = 0.5;
    ring.record(t, true);
    const edited = t.saveState();
    train(ring, t, 4);
    const seven = t.saveState();
    assert.ok(ring.rewind(t, 3));
    assert.deepEqual(t.saveState(), edited);
    assert.ok(ring.rewind(t, 5));
    t.runSteps(2);
    assert.deepEqual(t.saveState(), seven);
  });
});
