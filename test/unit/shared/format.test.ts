import * as assert from 'node:assert/strict';
import { formatNumber, grouped } from '../../../src/shared/format';
import { Rng } from '../../../src/engine/rng';

describe('shared/format', () => {
  it('groups whole numbers by thousands exactly as toLocaleString(en-US) does, without ICU', () => {
    const rng = new Rng(3, 'grouped');
    const cases = [0, 1, 12, 999, 1000, -1000, 91500, 1234567, 2.5, -2.5, 999.5, 1e21, -1e21, 2 ** 53, 1e300];
    for (let i = 0; i < 2000; i++) cases.push(Math.round((rng.next() - 0.5) * 10 ** rng.int(17)));
    for (const n of cases) assert.equal(grouped(n), (Math.round(n) || 0).toLocaleString('en-US'), String(n));
    assert.equal(grouped(-0), '0');
    assert.equal(grouped(NaN), NaN.toLocaleString('en-US'));
    assert.equal(grouped(Infinity), Infinity.toLocaleString('en-US'));
    assert.equal(grouped(-Infinity), (-Infinity).toLocaleString('en-US'));
  });

  it('gives 4 significant digits, exponents when very small or large, a dash for no value', () => {
    assert.equal(formatNumber(undefined), '—');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(0.0123456), '0.01235');
    assert.equal(formatNumber(-2.5), '-2.5');
    assert.equal(formatNumber(1.5e-7), '1.500e-7');
    assert.equal(formatNumber(123456), '1.235e+5');
    assert.equal(formatNumber(NaN), 'NaN');
    assert.equal(formatNumber(-Infinity), '-Infinity');
  });

  it('takes more digits and a higher plain range where there is room (the CLI)', () => {
    assert.equal(formatNumber(123456.789, 6, 1e6), '123457');
    assert.equal(formatNumber(1234567, 6, 1e6), '1.235e+6');
    assert.equal(formatNumber(0.000999, 6, 1e6), '9.990e-4');
  });
});
