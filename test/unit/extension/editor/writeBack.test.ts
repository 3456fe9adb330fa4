import * as assert from 'node:assert/strict';
import { planWriteBack } from '../../../../src/extension/editor/writeBack';
import { applyTextEdits } from '../../../../src/netspec';
import { example, parsed } from '../helpers';

describe('extension/writeBack', () => {
  const { text, spec } = example('xor.nn.json');
  const params = Float64Array.from({ length: 13 }, (_, i) => i / 3);

  it('rewrites only the numbers, keeping comments, rounded to the digits', () => {
    const plan = planWriteBack(text, spec, { shape: [2, 3, 1], params, diverged: false }, 3);
    assert.ok(plan.ok);
    const out = applyTextEdits(text, plan.edits);
    assert.ok(out.includes('// row j = the weights into hidden unit j'));
    assert.ok(out.includes('"weights": [[0, 0.333], [0.667, 1], [1.33, 1.67]]'), out);
    assert.ok(out.includes('"biases": [2, 2.33, 2.67]'));
    assert.deepEqual(parsed(out).model.layers[1].biases, [4]);
  });

  it('writes a value that rounding brings back within the bound, and writes exactly with digits 0', () => {
    const big = params.map((v, i) => (i === 12 ? 1000000.4 : v));
    const rounded = planWriteBack(text, spec, { shape: [2, 3, 1], params: big, diverged: false }, 6);
    assert.ok(rounded.ok);
    assert.deepEqual(parsed(applyTextEdits(text, rounded.edits)).model.layers[1].biases, [1000000]);
    const exact = planWriteBack(text, spec, { shape: [2, 3, 1], params, diverged: false }, 0);
    assert.ok(exact.ok);
    assert.deepEqual(parsed(applyTextEdits(text, exact.edits)).model.layers[0].biases, [2, 7 / 3, 8 / 3]);
  });

  it('refuses after divergence, on a changed shape, with spec errors, or weights check would refuse', () => {
    const cases: [Parameters<typeof planWriteBack>, RegExp][] = [
      [[text, spec, { shape: [2, 3, 1], params, diverged: true }, 3], /diverged/],
      [[text, spec, { shape: [2, 4, 1], params, diverged: false }, 3], /layer sizes changed.*2-4-1 → 2-3-1/],
      [[text, undefined, { shape: [2, 3, 1], params, diverged: false }, 3], /has errors/],
      [
        [text, spec, { shape: [2, 3, 1], params: params.map((v, i) => (i === 2 ? NaN : v)), diverged: false }, 3],
        /Nothing was written: layers\[0\] "hidden"\.weights\[1\]\[0\] is NaN; a spec holds only finite numbers/,
      ],
      [
        [text, spec, { shape: [2, 3, 1], params: params.map((v, i) => (i === 12 ? -2e6 : v)), diverged: false }, 3],
        /layers\[1\] "output"\.biases\[0\] is -2\.000e\+6; .*within ±1e6 .*lower the learning rate/,
      ],
    ];
    for (const [args, error] of cases) {
      const plan = planWriteBack(...args);
      assert.ok(!plan.ok);
      assert.match(plan.error, error);
    }
  });
});
