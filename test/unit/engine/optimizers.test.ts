import * as assert from 'node:assert/strict';
import { PlainKernels } from '../../../src/engine/kernels/plain';
import { createOptimizer } from '../../../src/engine/optimizers';

const f64 = new PlainKernels('float64');

describe('engine/optimizers', () => {
  const theta = Float64Array.of(1, -2);
  const g = Float64Array.of(0.5, -0.25);

  it('sgd without momentum is θ − η g', () => {
    const next = new Float64Array(2);
    assert.ok(createOptimizer({ type: 'sgd', learningRate: 0.1, momentum: 0 }, 2, f64).step(theta, g, next));
    assert.deepEqual(Array.from(next), [1 - 0.1 * 0.5, -2 + 0.1 * 0.25]);
  });

  it('sgd with momentum accumulates v = μ v + g', () => {
    const opt = createOptimizer({ type: 'sgd', learningRate: 0.1, momentum: 0.9 }, 2, f64);
    const next = new Float64Array(2);
    opt.step(theta, g, next);
    opt.step(next, g, next);
    // v1 = g, v2 = 0.9 g + g
    assert.ok(Math.abs(next[0] - (1 - 0.1 * 0.5 - 0.1 * 1.9 * 0.5)) < 1e-15);
  });

  it('adam takes a first step of about η·sign(g)', () => {
    const opt = createOptimizer({ type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 2, f64);
    const next = new Float64Array(2);
    opt.step(theta, g, next);
    assert.ok(Math.abs(next[0] - (1 - 0.01)) < 1e-9);
    assert.ok(Math.abs(next[1] - (-2 + 0.01)) < 1e-9);
  });

  it('rmsprop divides by the running RMS', () => {
    const opt = createOptimizer({ type: 'rmsprop', learningRate: 0.01, rho: 0.99, epsilon: 1e-8 }, 2, f64);
    const next = new Float64Array(2);
    opt.step(theta, g, next);
    assert.ok(Math.abs(next[0] - (1 - (0.01 * 0.5) / (Math.sqrt(0.01 * 0.25) + 1e-8))) < 1e-15);
  });

  it('reports a non-finite update instead of hiding it, and reset forgets state', () => {
    const opt = createOptimizer({ type: 'sgd', learningRate: 1e300, momentum: 0.5 }, 2, f64);
    const next = new Float64Array(2);
    assert.equal(opt.step(theta, Float64Array.of(1e10, 0), next), false);
    opt.reset();
    assert.ok(opt.step(theta, Float64Array.of(0, 0), next));
    assert.deepEqual(Array.from(next), [1, -2]);
  });

  it('exposes its state vectors and update count, and reset clears both', () => {
    const cases = [
      [{ type: 'sgd', learningRate: 0.1, momentum: 0.9 }, 1],
      [{ type: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 2],
      [{ type: 'rmsprop', learningRate: 0.1, rho: 0.9, epsilon: 1e-8 }, 1],
    ] as const;
    for (const [config, vectors] of cases) {
      const opt = createOptimizer(config, 2, f64);
      const next = new Float64Array(2);
      opt.step(theta, g, next);
      opt.step(next, g, next);
      assert.equal(opt.updates, 2, config.type);
      assert.equal(opt.vectors.length, vectors, config.type);
      assert.ok(
        opt.vectors.every((v) => v.length === 2 && v.some((x) => x !== 0)),
        config.type,
      );
      opt.reset();
      assert.equal(opt.updates, 0);
      assert.ok(opt.vectors.every((v) => v.every((x) => x === 0)));
    }
  });

  it('adam resumed from copied moments and update count takes the same step as one that never stopped', () => {
    const config = { type: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;
    const a = createOptimizer(config, 2, f64);
    const next = new Float64Array(2);
    a.step(theta, g, next);
    const b = createOptimizer(config, 2, f64);
    const fresh = createOptimizer(config, 2, f64);
    b.vectors.forEach((v, i) => v.set(a.vectors[i]));
    fresh.vectors.forEach((v, i) => v.set(a.vectors[i]));
    b.updates = a.updates;
    const fromA = new Float64Array(2);
    const fromB = new Float64Array(2);
    const wrong = new Float64Array(2);
    a.step(next, g, fromA);
    b.step(next, g, fromB);
    fresh.step(next, g, wrong);
    assert.deepEqual(Array.from(fromB), Array.from(fromA));
    assert.notDeepEqual(Array.from(wrong), Array.from(fromA), 'the bias correction depends on the update count');
  });

  it('float32 catches values that only overflow when stored', () => {
    const opt = createOptimizer({ type: 'sgd', learningRate: 1, momentum: 0 }, 1, new PlainKernels('float32'));
    const next = new Float32Array(1);
    assert.equal(
      opt.step(Float32Array.of(0), Float32Array.of(-3.4e38), next) && opt.step(next, Float32Array.of(-3.4e38), next),
      false,
    );
  });
});
