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

  it('refuses after divergence, on a changed shape, with spec errors, or non-finite weights', () => {
    const cases: [Parameters<typeof planWriteBack>, RegExp][] = [
      [[text, spec, { shape: [2, 3, 1], params, diverged: true }, 3], /diverged/],
      [[text, spec, { shape: [2, 4, 1], params, diverged: false }, 3], /layer sizes changed.*2-4-1 → 2-3-1/],
      [[text, undefined, { shape: [2, 3, 1], params, diverged: false }, 3], /has errors/],
      [
        [text, spec, { shape: [2, 3, 1], params: params.map((v, i) => (i === 2 ? NaN : v)), diverged: false }, 3],
        /not finite/,
      ],
    ];
    for (const [args, error] of cases) {
      const plan = planWriteBack(...args);
      assert.ok(!plan.ok);
      assert.match(plan.error, error);
    }
  });
});
