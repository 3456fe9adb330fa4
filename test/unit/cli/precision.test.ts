import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { cli } from './run';

const examples = path.join(__dirname, '../../../../examples');

// The stated tolerance (README): float32 ends within max(1e-3, 1% of the float64 loss) of float64's full-data loss.
describe('float32 against float64 on the examples', () => {
  // broken.nn.json does not parse; diverging.nn.json is made to overflow (the debugger's example).
  const specs = fs
    .readdirSync(examples)
    .filter((f) => f.endsWith('.nn.json') && f !== 'broken.nn.json' && f !== 'diverging.nn.json');

  it('covers the trainable examples', () => assert.ok(specs.length >= 5, specs.join(', ')));

  for (const file of specs) {
    it(`${file}: same loss within tolerance`, async () => {
      const spec = path.join(examples, file);
      const f64 = await cli('train', spec, '--precision', 'float64', '--json');
      const f32 = await cli('train', spec, '--precision', 'float32', '--json');
      assert.equal(f64.code, 0, f64.stderr);
      assert.equal(f32.code, 0, f32.stderr);
      const a = JSON.parse(f64.stdout).loss;
      const b = JSON.parse(f32.stdout).loss;
      assert.ok(Math.abs(a - b) <= Math.max(1e-3, 0.01 * a), `float64 ${a} vs float32 ${b}`);
    });
  }
});
