import * as assert from 'node:assert/strict';
import { trustRefusal, type GatedAction } from '../../../../src/extension/platform/trust';

describe('extension/trust', () => {
  const actions: GatedAction[] = ['Train', 'Step', 'Gradient Check', 'Reset Weights', 'Write Weights to Spec'];

  it('lets every session action run in a trusted workspace', () => {
    for (const action of actions) assert.equal(trustRefusal(action, true), undefined);
  });

  it('refuses training and write-back in Restricted Mode, naming the action and how to enable it', () => {
    for (const action of actions) {
      const refusal = trustRefusal(action, false);
      assert.ok(refusal?.startsWith(`${action} is not available in Restricted Mode`), refusal);
      assert.match(refusal!, /Manage Workspace Trust/);
    }
    assert.match(trustRefusal('Write Weights to Spec', false)!, /writes trained weights/);
  });
});
