import * as assert from 'node:assert/strict';
import { formatNumber } from '../../../src/shared/format';

describe('shared/format', () => {
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
