import * as assert from 'node:assert/strict';
import { Rng } from '../../../src/engine';
import {
  ACTIVATIONS,
  SCALAR_ACTIVATIONS,
  scalarActivation,
  sigmoid,
  softplus,
  tanh,
} from '../../../src/shared/activations';

describe('shared/activations', () => {
  it("f' of every element-wise activation matches finite differences of an independent f", () => {
    const f: Record<string, (z: number) => number> = {
      sigmoid: (z) => 1 / (1 + Math.exp(-z)),
      tanh: Math.tanh,
      identity: (z) => z,
      softplus: (z) => Math.log1p(Math.exp(z)),
      elu: (z) => (z > 0 ? z : Math.expm1(z)),
      gelu: (z) => 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z ** 3))),
      relu: (z) => Math.max(0, z),
      'leaky-relu': (z) => (z > 0 ? z : 0.01 * z),
    };
    assert.deepEqual(Object.keys(f).sort(), Object.keys(SCALAR_ACTIVATIONS).sort());
    for (const [name, fn] of Object.entries(f)) {
      const rule = scalarActivation(name)!;
      for (const z of [-3.1, -1.3, -0.2, 0.3, 0.7, 2.4]) {
        assert.ok(Math.abs(rule.f(z) - fn(z)) < 1e-14, `${name}(${z})`);
        const numeric = (fn(z + 1e-6) - fn(z - 1e-6)) / 2e-6;
        assert.ok(Math.abs(rule.df(z, rule.f(z)) - numeric) < 1e-6, `${name}' at ${z}`);
      }
    }
  });

  it('has a rule for every activation but softmax, and none for other names', () => {
    assert.deepEqual(
      ACTIVATIONS.filter((a) => !scalarActivation(a)),
      ['softmax'],
    );
    for (const name of ['toString', '__proto__', 'Relu', '']) assert.equal(scalarActivation(name), undefined, name);
  });

  it('uses the conventional derivatives at the kinks: relu 0, leaky-relu 0.01', () => {
    assert.equal(SCALAR_ACTIVATIONS.relu.df(0, 0), 0);
    assert.equal(SCALAR_ACTIVATIONS['leaky-relu'].df(0, 0), 0.01);
    const kinked = Object.entries(SCALAR_ACTIVATIONS).filter(([, r]) => r.kink);
    assert.deepEqual(
      kinked.map(([n]) => n),
      ['relu', 'leaky-relu'],
    );
  });

  it('sigmoid and softplus stay finite and exact for large |z|', () => {
    assert.equal(sigmoid(800), 1);
    assert.equal(sigmoid(-800), 0);
    assert.ok(sigmoid(-40) > 0);
    assert.equal(softplus(800), 800);
    assert.ok(softplus(-800) >= 0 && softplus(-800) < 1e-300);
    assert.ok(Math.abs(softplus(-40) - Math.exp(-40)) < 1e-30);
  });

  it('tanh stays within 1e-15 relative of Math.tanh, signs of zero included', () => {
    const rng = new Rng(11);
    const values = [
      0,
      -0,
      1e-300,
      -1e-300,
      5e-324,
      1e-8,
      0.17328679513998632,
      19.999999,
      20,
      20.5,
      -20,
      700,
      -700,
      Infinity,
      -Infinity,
      NaN,
      ...Array.from({ length: 20000 }, () => rng.uniform(-25, 25)),
      ...Array.from({ length: 2000 }, () => rng.uniform(-1e-3, 1e-3)),
    ];
    for (const z of values) {
      const want = Math.tanh(z);
      const got = tanh(z);
      if (Number.isNaN(want)) assert.ok(Number.isNaN(got));
      else assert.ok(Math.abs(got - want) <= 1e-15 * Math.abs(want), `tanh(${z}) = ${got}, Math.tanh ${want}`);
      assert.equal(Object.is(got, -0), Object.is(want, -0), `sign of tanh(${z})`);
    }
  });
});
