import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { cli } from './run';

// Copied from ../shared/reference: an independent float64 implementation of SPEC-FORMAT.md.
const dir = path.join(__dirname, '../../../../test/fixtures/reference');
const cases = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.nn.json'))
  .map((f) => f.replace('.nn.json', ''));

/** Asserts every number in `actual` is within `tol` relative of `expected`, walking both trees. */
function assertClose(actual: unknown, expected: unknown, tol: number, at = '$'): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${at}: expected a number`);
    const a = actual as number;
    const scale = Math.max(Math.abs(expected), 1e-12);
    assert.ok(
      Math.abs(a - expected) / scale <= tol,
      `${at}: ${a} vs reference ${expected} (rel ${(Math.abs(a - expected) / scale).toExponential(2)})`,
    );
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${at}: expected ${expected.length} values`);
    expected.forEach((e, i) => assertClose((actual as unknown[])[i], e, tol, `${at}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    for (const [k, v] of Object.entries(expected))
      assertClose((actual as Record<string, unknown>)[k], v, tol, `${at}.${k}`);
  } else {
    assert.equal(actual, expected, at);
  }
}

describe('reference cases (backprop grads / train --steps 5, float64)', () => {
  it('has all four reference cases', () => assert.equal(cases.length, 4));

  for (const name of cases) {
    const spec = path.join(dir, `${name}.nn.json`);
    it(`${name}: grads --json agrees to 1e-10 relative`, async () => {
      const r = await cli('grads', spec, '--json');
      assert.equal(r.code, 0, r.stderr);
      assertClose(
        JSON.parse(r.stdout),
        JSON.parse(fs.readFileSync(path.join(dir, `${name}.grads.json`), 'utf8')),
        1e-10,
      );
    });
    it(`${name}: train --steps 5 --json agrees to 1e-9 relative`, async () => {
      const r = await cli('train', spec, '--steps', '5', '--json');
      assert.equal(r.code, 0, r.stderr);
      const got = JSON.parse(r.stdout);
      assert.equal(got.steps, 5);
      assertClose(got, JSON.parse(fs.readFileSync(path.join(dir, `${name}.train5.json`), 'utf8')), 1e-9);
    });
  }
});
