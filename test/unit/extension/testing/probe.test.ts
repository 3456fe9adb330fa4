import * as assert from 'node:assert/strict';
import { Probe, TEST_API_ENV, wantsProbe } from '../../../../src/extension/testing/probe';

describe('extension/probe', () => {
  it('exists in test and development mode, and in production only when a runner asks for it', () => {
    assert.equal(wantsProbe(true, {}), false, "a user's editor runs none of it");
    assert.equal(wantsProbe(true, { [TEST_API_ENV]: '0' }), false);
    assert.equal(wantsProbe(true, { [TEST_API_ENV]: '1' }), true, 'the test runners install the vsix');
    assert.equal(wantsProbe(false, {}), true);
  });

  it('keeps the newest thousand hover times', () => {
    const probe = new Probe();
    for (let i = 0; i < 2000; i++) probe.hover({ at: i, ms: 1 });
    assert.ok(probe.hovers.length <= 1100);
    assert.equal(probe.hovers.at(-1)?.at, 1999);
  });
});
