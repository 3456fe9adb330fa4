import * as assert from 'node:assert/strict';
import {
  evaluateObjective,
  Network,
  splitRows,
  Trainer,
  type OptimizerConfig,
  type Precision,
} from '../../../src/engine';
import { PlainKernels } from '../../../src/engine/kernels/plain';
import { makeModel, randomData, WIDE } from './models';

describe('engine/kernels: networks on the WebAssembly SIMD kernels (the default) against the plain loops', () => {
  const model = makeModel(WIDE);
  const data = randomData(model, 1100); // > one 512-row evaluation chunk, so dW accumulates across chunks

  for (const precision of ['float64', 'float32'] as Precision[]) {
    it(`${precision}: loss, gradients and outputs agree${precision === 'float64' ? ' bit for bit' : ''}`, () => {
      const simd = new Network(model, precision);
      const plain = new Network(model, precision, undefined, new PlainKernels(precision));
      const rows = splitRows(data.rows, 0).train;
      const J = [simd, plain].map((n) => evaluateObjective(n, data, rows, 1e-3, true));
      const tol = precision === 'float64' ? 0 : 1e-5;
      assert.ok(Math.abs(J[0] - J[1]) <= tol * Math.abs(J[1]), `${J[0]} vs ${J[1]}`);
      for (let i = 0; i < plain.grads.length; i++) {
        const [a, b] = [simd.grads[i], plain.grads[i]];
        assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `grad ${i}: ${a} vs ${b}`);
      }
      const out = [simd, plain].map((n) => Array.from(n.predict(data.inputs, 300)));
      out[0].forEach((v, i) => assert.ok(Math.abs(v - out[1][i]) <= tol, `output ${i}: ${v} vs ${out[1][i]}`));
    });
  }

  const optimizers: OptimizerConfig[] = [
    { type: 'sgd', learningRate: 0.1, momentum: 0 },
    { type: 'sgd', learningRate: 0.1, momentum: 0.9 },
    { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  ];
  for (const optimizer of optimizers) {
    it(`float32 training with ${optimizer.type}${optimizer.type === 'sgd' ? ` (momentum ${optimizer.momentum})` : ''} follows the plain loops closely`, () => {
      const m32 = { ...model, optimizer, training: { ...model.training, precision: 'float32' as const } };
      const t = new Trainer(m32, data);
      const ref = new Trainer(m32, data, 'float32', undefined, new PlainKernels('float32'));
      for (let s = 0; s < 20; s++) assert.ok(t.trainStep() && ref.trainStep());
      t.net.params.forEach((v, i) =>
        assert.ok(
          Math.abs(v - ref.net.params[i]) <= 1e-4 * Math.max(1, Math.abs(v)),
          `θ[${i}]: ${v} vs ${ref.net.params[i]}`,
        ),
      );
      t.layerGradNorms.forEach((v, l) =>
        assert.ok(Math.abs(v - ref.layerGradNorms[l]) <= 1e-3 * v, `‖g‖ of layer ${l}`),
      );
      t.lastUpdate.forEach((v, i) => assert.ok(Math.abs(v - ref.lastUpdate[i]) <= 1e-5, `update ${i}`));
    });
  }

  for (const optimizer of optimizers) {
    it(`float64 training with ${optimizer.type}${optimizer.type === 'sgd' ? ` (momentum ${optimizer.momentum})` : ''} stays bit-identical`, () => {
      const m = { ...model, optimizer };
      const t = new Trainer(m, data);
      const ref = new Trainer(m, data, 'float64', undefined, new PlainKernels('float64'));
      for (let s = 0; s < 5; s++) assert.ok(t.trainStep() && ref.trainStep());
      assert.deepEqual(Array.from(t.net.params), Array.from(ref.net.params));
      assert.deepEqual(Array.from(t.lastUpdate), Array.from(ref.lastUpdate));
      t.layerGradNorms.forEach((v, l) =>
        assert.ok(Math.abs(v - ref.layerGradNorms[l]) <= 1e-14 * v, `‖g‖ of layer ${l}`),
      );
    });
  }

  it('keeps the weights and the last update when an update diverges', () => {
    const m = { ...model, optimizer: { type: 'sgd' as const, learningRate: 1e300, momentum: 0 } };
    const t = new Trainer(m, data, 'float32'); // η·g overflows float32
    const before = Array.from(t.net.params);
    assert.equal(t.trainStep(), false);
    assert.equal(t.divergence?.where, 'update');
    assert.deepEqual(Array.from(t.net.params), before);
    assert.ok(t.lastUpdate.every((u) => u === 0));
  });

  it('float64 training steps stay bit-identical, and batch views survive the memory growing', () => {
    const t = new Trainer(model, data);
    const ref = new Trainer(model, data, 'float64', undefined, new PlainKernels('float64'));
    for (let s = 0; s < 5; s++) {
      t.trainStep();
      ref.trainStep();
    }
    assert.deepEqual(Array.from(t.net.params), Array.from(ref.net.params));
    t.net.predict(data.inputs, 1000); // grows the memory past the training batch
    ref.net.predict(data.inputs, 1000);
    assert.deepEqual(Array.from(t.net.batchView(2).A), Array.from(ref.net.batchView(2).A));
    t.trainStep();
    ref.trainStep();
    assert.deepEqual(Array.from(t.net.params), Array.from(ref.net.params));
  });
});

describe('engine/kernels: chosen once per network', () => {
  const model = makeModel({ input: 5, hidden: [{ units: 6, activation: 'relu' }] });
  const data = randomData(model, 40);

  /** Module instances created while `f` runs. */
  function instancesDuring(f: () => void): number {
    const wasm = (globalThis as unknown as { WebAssembly: { Instance: new (...args: unknown[]) => object } })
      .WebAssembly;
    const Instance = wasm.Instance;
    let count = 0;
    wasm.Instance = new Proxy(Instance, {
      construct(target, args: unknown[]) {
        count++;
        return new target(...args);
      },
    });
    try {
      f();
    } finally {
      wasm.Instance = Instance;
    }
    return count;
  }

  it('a trainer, its network and its optimizer share one module instance, and a plain network creates none', () => {
    assert.equal(
      instancesDuring(() => new Trainer(model, data).runSteps(3)),
      1,
    );
    assert.equal(
      instancesDuring(() => new Network(model, 'float64').predict(data.inputs, 10)),
      1,
    );
    assert.equal(
      instancesDuring(() => new Trainer(model, data, 'float64', undefined, new PlainKernels('float64')).runSteps(3)),
      0,
    );
  });

  it('refuses kernels of another precision', () => {
    assert.throws(() => new Network(model, 'float64', undefined, new PlainKernels('float32')), /Internal error/);
  });
});
