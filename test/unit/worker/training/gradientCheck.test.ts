import * as assert from 'node:assert/strict';
import type { Trainer } from '../../../../src/engine';
import { affordableSample, checkAnswer } from '../../../../src/worker/training/gradientCheck';
import { xorTrainer } from './xor';

describe('worker/training/gradientCheck', () => {
  it('checks small networks whole and large ones on an affordable sample', () => {
    assert.equal(affordableSample(13, 4), undefined);
    assert.equal(affordableSample(337, 1000), undefined);
    assert.equal(affordableSample(669_706, 512), 50);
    const mid = affordableSample(20_000, 100);
    assert.ok(mid !== undefined && mid > 50 && mid < 20_000);
  });

  it('answers with the check of every parameter, or of the sample asked for', () => {
    const t = xorTrainer().trainer;
    const whole = checkAnswer(t, 3);
    assert.ok(whole.type === 'check/result' && whole.requestId === 3 && whole.result.ok);
    assert.equal(whole.result.value.checked, 13);
    const sampled = checkAnswer(t, 4, 1e-5, 5);
    assert.ok(sampled.type === 'check/result' && sampled.result.ok);
    assert.equal(sampled.result.value.checked, 5);
  });

  it('answers an exception in the check as an internal error', () => {
    const t = xorTrainer().trainer;
    const broken = Object.create(t, { model: { value: undefined } }) as Trainer;
    const answer = checkAnswer(broken, 9);
    assert.ok(answer.type === 'check/result' && answer.requestId === 9 && !answer.result.ok);
    assert.match(answer.result.error, /^Internal error while checking gradients: /);
  });
});
