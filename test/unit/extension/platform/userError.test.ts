import * as assert from 'node:assert/strict';
import { describeFailure, UserError } from '../../../../src/extension/platform/userError';

describe('extension/userError', () => {
  it('shows a user error as it is, and anything else as an internal error of what was being done', () => {
    assert.deepEqual(describeFailure(new UserError('Fix the spec first.'), 'running Train'), {
      message: 'Fix the spec first.',
      internal: false,
    });
    assert.deepEqual(describeFailure(new TypeError('x is undefined'), 'running Train'), {
      message: 'Internal error while running Train: x is undefined',
      internal: true,
    });
    assert.deepEqual(
      describeFailure(new Error('Internal error while checking gradients: boom'), 'running Gradient Check'),
      { message: 'Internal error while checking gradients: boom', internal: true },
    );
    assert.equal(describeFailure('plain', 'x').message, 'Internal error while x: plain');
  });
});
