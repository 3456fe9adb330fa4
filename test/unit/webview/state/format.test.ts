import * as assert from 'node:assert/strict';
import { fmt } from '../../../../webview/state/format';

describe('webview/format', () => {
  it('gives 4 significant digits, exponents when very small or large', () => {
    assert.equal(fmt(undefined), '—');
    assert.equal(fmt(0), '0');
    assert.equal(fmt(0.0123456), '0.01235');
    assert.equal(fmt(-2.5), '-2.5');
    assert.equal(fmt(1.5e-7), '1.500e-7');
    assert.equal(fmt(123456), '1.235e+5');
    assert.equal(fmt(NaN), 'NaN');
    assert.equal(fmt(-Infinity), '-Infinity');
  });
});
