import * as assert from 'node:assert/strict';
import {
  evaluateObjective,
  Network,
  Rng,
  splitRows,
  Trainer,
  type OptimizerConfig,
  type Precision,
} from '../../../src/engine';
import { ACTIVATION_TABLE, tanh } from '../../../src/engine/activations';
import { kernelDispatch } from '../../../src/engine/kernels';
import { vectorKernel } from '../../../src/engine/wasm/simdGemm';
import { makeModel, randomData } from './models';

/** Builds the same network with the SIMD arena (the default) and with the plain loops only. */
function both(build: () => Network): { simd: Network; plain: Network } {
  const simd = build();
  kernelDispatch.simd = false;
  try {
    return { simd, plain: build() };
  } finally {
    kernelDispatch.simd = true;
  }
}

describe('engine/kernels: networks on the WebAssembly arena against the plain loops', () => {
  // Wide enough that every layer takes the SIMD path; odd sizes cross the register tiles' edges.
  const model = makeModel({
    input: 37,
    hidden: [
      { units: 29, activation: 'relu' },
      { units: 18, activation: 'tanh' },
    ],
    output: { units: 7, activation: 'softmax' },
    loss: 'cross-entropy',
    l2: 1e-3,
  });
  const data = randomData(model, 1100); // > one 512-row evaluation chunk, so dW accumulates across chunks

  for (const precision of ['float64', 'float32'] as Precision[]) {
    it(`${precision}: loss, gradients and outputs agree${precision === 'float64' ? ' bit for bit' : ''}`, () => {
      const { simd, plain } = both(() => new Network(model, precision));
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
      kernelDispatch.simd = false;
      const ref = new Trainer(m32, data);
      kernelDispatch.simd = true;
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
      kernelDispatch.simd = false;
      const ref = new Trainer(m, data);
      kernelDispatch.simd = true;
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

  it('float64 training steps stay bit-identical, and batch views survive the arena growing', () => {
    const t = new Trainer(model, data);
    kernelDispatch.simd = false;
    const ref = new Trainer(model, data);
    kernelDispatch.simd = true;
    for (let s = 0; s < 5; s++) {
      t.trainStep();
      ref.trainStep();
    }
    assert.deepEqual(Array.from(t.net.params), Array.from(ref.net.params));
    t.net.predict(data.inputs, 1000); // grows the arena past the training batch
    ref.net.predict(data.inputs, 1000);
    assert.deepEqual(Array.from(t.net.batchView(2).A), Array.from(ref.net.batchView(2).A));
    t.trainStep();
    ref.trainStep();
    assert.deepEqual(Array.from(t.net.params), Array.from(ref.net.params));
  });
});

describe('engine/activations: tanh and relu in TypeScript and in WebAssembly SIMD', () => {
  const rng = new Rng(11);
  const special = [
    0,
    -0,
    1e-300,
    -1e-300,
    5e-324,
    1e-8,
    -1e-8,
    0.17328679513998632,
    0.5,
    1,
    19.999999,
    20,
    20.5,
    -20,
    700,
    -700,
    Infinity,
    -Infinity,
    NaN,
  ];
  const values = Float64Array.from([
    ...special,
    ...Array.from({ length: 20000 }, () => rng.uniform(-25, 25)),
    ...Array.from({ length: 2000 }, () => rng.uniform(-1e-3, 1e-3)),
  ]);

  it('stays within 1e-15 relative of Math.tanh', () => {
    for (const z of values) {
      const want = Math.tanh(z);
      const got = tanh(z);
      if (Number.isNaN(want)) assert.ok(Number.isNaN(got));
      else assert.ok(Math.abs(got - want) <= 1e-15 * Math.abs(want), `tanh(${z}) = ${got}, Math.tanh ${want}`);
      assert.equal(Object.is(got, -0), Object.is(want, -0), `sign of tanh(${z})`);
    }
  });

  for (const T of [Float64Array, Float32Array]) {
    it(`${T.name}: the SIMD pass over a batch gives the scalar results bit for bit (odd lengths too)`, () => {
      const net = new Network(
        makeModel({ input: 3, hidden: [{ units: values.length, activation: 'tanh' }] }),
        T === Float32Array ? 'float32' : 'float64',
      );
      net.reserve(1);
      const { Z, A } = net.batchView(0);
      assert.ok(vectorKernel(Z, A), 'the batch buffers sit in the arena');
      Z.set(values);
      for (const n of [values.length, 1, 2, 3, 5]) {
        A.fill(7);
        ACTIVATION_TABLE.tanh.forward(Z, A, 1, n);
        for (let i = 0; i < n; i++)
          assert.ok(Object.is(A[i], T.of(tanh(Z[i]))[0]), `tanh(${Z[i]}): ${A[i]} vs ${tanh(Z[i])}`);
        if (n < values.length) assert.equal(A[n], 7);
      }
    });
  }

  for (const T of [Float64Array, Float32Array]) {
    it(`${T.name}: relu forward and backward over arena batches match the scalar loops bit for bit (NaN, −0, Infinity too)`, () => {
      const n = values.length;
      const net = new Network(
        makeModel({ input: 3, hidden: [{ units: n, activation: 'relu' }] }),
        T === Float32Array ? 'float32' : 'float64',
      );
      net.reserve(1);
      const { Z, A, dA, dZ } = net.batchView(0);
      Z.set(values);
      dA.set(values.map((v, i) => (i % 7 === 0 ? -v : v * 0.5)).reverse());
      ACTIVATION_TABLE.relu.forward(Z, A, 1, n);
      ACTIVATION_TABLE.relu.backward(Z, A, dA, dZ, 1, n);
      const [a, dz] = [new T(n), new T(n)];
      ACTIVATION_TABLE.relu.forward(T.from(Z), a, 1, n); // plain arrays: the scalar loops
      ACTIVATION_TABLE.relu.backward(T.from(Z), a, T.from(dA), dz, 1, n);
      for (let i = 0; i < n; i++) {
        assert.ok(Object.is(A[i], a[i]), `relu(${Z[i]}): ${A[i]} vs ${a[i]}`);
        assert.ok(Object.is(dZ[i], dz[i]), `relu'(${Z[i]})·${dA[i]}: ${dZ[i]} vs ${dz[i]}`);
      }
    });
  }
});
