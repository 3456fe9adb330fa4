import * as assert from 'node:assert/strict';
import { ACTIVATION_TABLE } from '../../../src/engine/activations';
import { PlainKernels } from '../../../src/engine/kernels/plain';
import { LOSS_TABLE } from '../../../src/engine/losses';
import { LOSSES } from '../../../src/engine';

describe('engine/losses', () => {
  const rows = 2;
  const cols = 3;
  const z = Float64Array.from([0.2, -1.1, 0.7, 1.5, 0.1, -0.4]);
  const targets = {
    mse: Float64Array.from([0.5, -0.3, 1.2, 0, 0.9, -1]),
    'binary-cross-entropy': Float64Array.from([1, 0, 1, 0, 0, 1]),
    'cross-entropy': Float64Array.from([0, 1, 0, 1, 0, 0]),
  } as const;
  const outputOf = { mse: 'tanh', 'binary-cross-entropy': 'sigmoid', 'cross-entropy': 'softmax' } as const;

  for (const name of LOSSES) {
    it(`${name}: dJ/dz matches the central difference of J(z)`, () => {
      const loss = LOSS_TABLE[name];
      const act = ACTIVATION_TABLE[outputOf[name]];
      const y = targets[name];
      const k = new PlainKernels('float64');
      const J = (zz: Float64Array): number => {
        const a = new Float64Array(zz.length);
        act.forward(k, zz, a, rows, cols);
        return loss.value(zz, a, y, rows, cols, rows);
      };
      const a = new Float64Array(z.length);
      act.forward(k, z, a, rows, cols);
      const out = new Float64Array(z.length);
      loss.gradient(a, y, out, rows, cols, rows);
      const dz = new Float64Array(z.length);
      if (loss.fusedWith) dz.set(out);
      else act.backward(k, z, a, out, dz, rows, cols);
      const h = 1e-6;
      for (let i = 0; i < z.length; i++) {
        const p = Float64Array.from(z);
        const m = Float64Array.from(z);
        p[i] += h;
        m[i] -= h;
        const numeric = (J(p) - J(m)) / (2 * h);
        assert.ok(Math.abs(numeric - dz[i]) < 1e-8, `${name}[${i}]: ${dz[i]} vs ${numeric}`);
      }
    });
  }

  it('mse is the mean over samples and outputs', () => {
    const a = Float64Array.from([1, 2]);
    const y = Float64Array.from([0, 0]);
    assert.equal(LOSS_TABLE.mse.value(a, a, y, 1, 2, 1), 2.5);
  });

  it('binary cross-entropy stays finite when the sigmoid saturates', () => {
    const z = Float64Array.from([800, -800]);
    const a = Float64Array.from([1, 0]);
    const J = LOSS_TABLE['binary-cross-entropy'].value(z, a, Float64Array.from([0, 1]), 1, 2, 1);
    assert.equal(J, 800);
  });

  it('cross-entropy is log-sum-exp stable', () => {
    const z = Float64Array.from([1000, 0]);
    const J = LOSS_TABLE['cross-entropy'].value(z, new Float64Array(2), Float64Array.from([0, 1]), 1, 2, 1);
    assert.equal(J, 1000);
  });
});
