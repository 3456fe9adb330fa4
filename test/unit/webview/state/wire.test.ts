import * as assert from 'node:assert/strict';
import { reviveNonFinite } from '../../../../webview/state/wire';
import { validateToWebview } from '../../../../webview/state/validate';

describe('webview/wire', () => {
  it('turns the nulls JSON made of non-finite numbers back into NaN, leaving typed arrays alone', () => {
    const weights = Float64Array.of(1, NaN);
    const message = JSON.parse(JSON.stringify({ a: Infinity, b: [1, -Infinity, { c: NaN }], s: 'x' })) as unknown;
    const revived = reviveNonFinite({ ...(message as object), weights }) as Record<string, unknown>;
    assert.ok(Number.isNaN(revived.a));
    assert.deepEqual(revived.b, [1, NaN, { c: NaN }]);
    assert.equal(revived.s, 'x');
    assert.equal(revived.weights, weights);
  });

  it('lets a diverged progress message through validation after the JSON round trip', () => {
    const progress = {
      type: 'session/progress',
      progress: {
        step: 4,
        epoch: 4,
        totalSteps: 9,
        batchLoss: Infinity,
        stepsPerSecond: 1,
        running: false,
        layerGradNorms: [NaN],
      },
      points: [{ step: 4, loss: Infinity, gradNorms: [NaN] }],
    };
    const wire = JSON.parse(JSON.stringify(progress)) as unknown;
    assert.equal(validateToWebview(wire).ok, false, 'as VS Code delivers it, the message is rejected');
    const checked = validateToWebview(reviveNonFinite(wire));
    assert.ok(
      checked.ok && checked.message.type === 'session/progress' && Number.isNaN(checked.message.progress.batchLoss),
    );
  });
});
