import * as assert from 'node:assert/strict';
import { ACTIVATION_TABLE, sigmoid, softplus } from '../../../src/engine/activations';
import { ACTIVATIONS } from '../../../src/engine';

describe('engine/activations', () => {
  const zs = Float64Array.from([-3.1, -0.7, -0.2, 0.3, 0.9, 2.4]);

  for (const name of ACTIVATIONS) {
    it(`${name}: backward matches the central difference of forward`, () => {
      const act = ACTIVATION_TABLE[name];
      const cols = zs.length;
      const a = new Float64Array(cols);
      act.forward(zs, a, 1, cols);
      // Seed dJ/da with distinct weights so softmax's coupling between outputs is exercised.
      const da = Float64Array.from({ length: cols }, (_, i) => 0.3 + 0.1 * i);
      const dz = new Float64Array(cols);
      act.backward(zs, a, da, dz, 1, cols);
      const h = 1e-6;
      for (let i = 0; i < cols; i++) {
        const plus = Float64Array.from(zs);
        const minus = Float64Array.from(zs);
        plus[i] += h;
        minus[i] -= h;
        const ap = new Float64Array(cols);
        const am = new Float64Array(cols);
        act.forward(plus, ap, 1, cols);
        act.forward(minus, am, 1, cols);
        let numeric = 0;
        for (let j = 0; j < cols; j++) numeric += (da[j] * (ap[j] - am[j])) / (2 * h);
        assert.ok(Math.abs(numeric - dz[i]) < 1e-7, `${name} at z=${zs[i]}: analytic ${dz[i]} numeric ${numeric}`);
      }
    });
  }

  it('sigmoid and softplus stay finite and exact for large |z|', () => {
    assert.equal(sigmoid(800), 1);
    assert.equal(sigmoid(-800), 0);
    assert.ok(sigmoid(-40) > 0);
    assert.equal(softplus(800), 800);
    assert.ok(softplus(-800) >= 0 && softplus(-800) < 1e-300);
    assert.ok(Math.abs(softplus(-40) - Math.exp(-40)) < 1e-30);
  });

  it('softmax handles huge logits and rows sum to one', () => {
    const z = Float64Array.from([1000, 1001, 999, -1000, 0, 1000]);
    const a = new Float64Array(6);
    ACTIVATION_TABLE.softmax.forward(z, a, 2, 3);
    assert.ok(Math.abs(a[0] + a[1] + a[2] - 1) < 1e-15);
    assert.ok(Math.abs(a[3] + a[4] + a[5] - 1) < 1e-15);
    assert.ok(a.every(Number.isFinite));
  });

  it('uses the conventional derivatives at the kink: relu 0, leaky-relu 0.01', () => {
    const z = Float64Array.of(0);
    const a = new Float64Array(1);
    const dz = new Float64Array(1);
    ACTIVATION_TABLE.relu.backward(z, a, Float64Array.of(1), dz, 1, 1);
    assert.equal(dz[0], 0);
    ACTIVATION_TABLE['leaky-relu'].backward(z, a, Float64Array.of(1), dz, 1, 1);
    assert.equal(dz[0], 0.01);
    assert.ok(ACTIVATION_TABLE.relu.kink && ACTIVATION_TABLE['leaky-relu'].kink && !ACTIVATION_TABLE.tanh.kink);
  });

  it('gelu is the tanh approximation', () => {
    const z = Float64Array.of(1.3);
    const a = new Float64Array(1);
    ACTIVATION_TABLE.gelu.forward(z, a, 1, 1);
    const expected = 0.5 * 1.3 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (1.3 + 0.044715 * 1.3 ** 3)));
    assert.equal(a[0], expected);
  });
});
