import * as assert from 'node:assert/strict';
import { ACTIVATION_TABLE } from '../../../src/engine/activations';
import { createKernels } from '../../../src/engine/kernels/kernels';
import { PlainKernels } from '../../../src/engine/kernels/plain';
import { ACTIVATIONS } from '../../../src/engine';

describe('engine/activations', () => {
  const k = new PlainKernels('float64');
  const zs = Float64Array.from([-3.1, -0.7, -0.2, 0.3, 0.9, 2.4]);

  for (const name of ACTIVATIONS) {
    it(`${name}: backward matches the central difference of forward`, () => {
      const act = ACTIVATION_TABLE[name];
      const cols = zs.length;
      const a = new Float64Array(cols);
      act.forward(k, zs, a, 1, cols);
      // Seed dJ/da with distinct weights so softmax's coupling between outputs is exercised.
      const da = Float64Array.from({ length: cols }, (_, i) => 0.3 + 0.1 * i);
      const dz = new Float64Array(cols);
      act.backward(k, zs, a, da, dz, 1, cols);
      const h = 1e-6;
      for (let i = 0; i < cols; i++) {
        const plus = Float64Array.from(zs);
        const minus = Float64Array.from(zs);
        plus[i] += h;
        minus[i] -= h;
        const ap = new Float64Array(cols);
        const am = new Float64Array(cols);
        act.forward(k, plus, ap, 1, cols);
        act.forward(k, minus, am, 1, cols);
        let numeric = 0;
        for (let j = 0; j < cols; j++) numeric += (da[j] * (ap[j] - am[j])) / (2 * h);
        assert.ok(Math.abs(numeric - dz[i]) < 1e-7, `${name} at z=${zs[i]}: analytic ${dz[i]} numeric ${numeric}`);
      }
    });
  }

  it('softmax handles huge logits and rows sum to one', () => {
    const z = Float64Array.from([1000, 1001, 999, -1000, 0, 1000]);
    const a = new Float64Array(6);
    ACTIVATION_TABLE.softmax.forward(k, z, a, 2, 3);
    assert.ok(Math.abs(a[0] + a[1] + a[2] - 1) < 1e-15);
    assert.ok(Math.abs(a[3] + a[4] + a[5] - 1) < 1e-15);
    assert.ok(a.every(Number.isFinite));
  });

  it('takes its kinks from the scalar rules: relu and leaky-relu', () => {
    assert.deepEqual(
      Object.values(ACTIVATION_TABLE)
        .filter((a) => a.kink)
        .map((a) => a.name),
      ['relu', 'leaky-relu'],
    );
  });

  it('runs each element-wise activation through the kernels it is given', () => {
    const simd = createKernels('float64');
    const z = simd.alloc(5);
    z.set([-2, -0.5, 0, 0.5, 2]);
    for (const name of ACTIVATIONS.filter((a) => a !== 'softmax')) {
      const [a, da, dz] = [simd.alloc(5), simd.alloc(5), simd.alloc(5)];
      da.set([1, 2, 3, 4, 5]);
      const [pa, pdz] = [new Float64Array(5), new Float64Array(5)];
      ACTIVATION_TABLE[name].forward(simd, z, a, 1, 5);
      ACTIVATION_TABLE[name].backward(simd, z, a, da, dz, 1, 5);
      ACTIVATION_TABLE[name].forward(k, Float64Array.from(z), pa, 1, 5);
      ACTIVATION_TABLE[name].backward(k, Float64Array.from(z), pa, Float64Array.from(da), pdz, 1, 5);
      assert.deepEqual([Array.from(a), Array.from(dz)], [Array.from(pa), Array.from(pdz)], name);
    }
  });

  it('gelu is the tanh approximation', () => {
    const z = Float64Array.of(1.3);
    const a = new Float64Array(1);
    ACTIVATION_TABLE.gelu.forward(k, z, a, 1, 1);
    const expected = 0.5 * 1.3 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (1.3 + 0.044715 * 1.3 ** 3)));
    assert.equal(a[0], expected);
  });
});
