import * as assert from 'node:assert/strict';
import { Rng, type Floats, type Precision } from '../../../../src/engine';
import type { Kernels } from '../../../../src/engine/kernels/kernels';
import { PlainKernels } from '../../../../src/engine/kernels/plain';
import { simdKernels } from '../../../../src/engine/kernels/simd';
import { SCALAR_ACTIVATIONS, type ElementwiseName } from '../../../../src/shared/activations';

/** The value as the precision stores it. */
const stored = (precision: Precision, v: number): number => (precision === 'float32' ? Math.fround(v) : v);

describe('engine/kernels: every element-wise pass, plain and SIMD, is its scalar rule of src/shared', () => {
  const rng = new Rng(23);
  const special = [0, -0, 1e-300, -1e-300, 5e-324, 1e-8, -1e-8, 0.5, 1, 19.999999, 20, 20.5, -20, 700, -700];
  const nonFinite = [Infinity, -Infinity, NaN];
  const values = [
    ...special,
    ...nonFinite,
    ...Array.from({ length: 5000 }, () => rng.uniform(-25, 25)),
    ...Array.from({ length: 1000 }, () => rng.uniform(-1e-3, 1e-3)),
  ];
  // Odd counts leave a remainder past the SIMD lanes.
  const n = values.length;
  assert.equal(n % 2, 0);

  for (const precision of ['float64', 'float32'] as Precision[]) {
    const kernels: [string, Kernels | undefined][] = [
      ['plain', new PlainKernels(precision)],
      ['SIMD', simdKernels(precision)],
    ];
    for (const [kind, k] of kernels) {
      for (const name of Object.keys(SCALAR_ACTIVATIONS) as ElementwiseName[]) {
        it(`${precision} ${kind} ${name}: a = f(z) and dz = da · f'(z, a) bit for bit (odd lengths too)`, () => {
          assert.ok(k, 'WebAssembly SIMD is available in Node 20');
          const rule = SCALAR_ACTIVATIONS[name];
          const [z, a, da, dz] = [k.alloc(n + 1), k.alloc(n + 1), k.alloc(n + 1), k.alloc(n + 1)];
          z.set(values);
          da.set(values.map((v, i) => (i % 7 === 0 ? -v : v * 0.5)).reverse());
          const expect = (got: Floats, want: (i: number) => number, what: string): void => {
            for (let i = 0; i < n - 1; i++) {
              const w = stored(precision, want(i));
              if (!Object.is(got[i], w)) assert.fail(`${what} at z = ${z[i]}: ${got[i]} vs ${w}`);
            }
            assert.equal(got[n - 1], 7, 'the value past the count is untouched');
          };
          a.fill(7);
          dz.fill(7);
          k.map(name, z, a, n - 1);
          expect(a, (i) => rule.f(z[i]), 'f');
          k.mapBack(name, z, a, da, dz, n - 1);
          expect(dz, (i) => da[i] * rule.df(z[i], a[i]), "da · f'");
        });
      }
    }
  }
});
