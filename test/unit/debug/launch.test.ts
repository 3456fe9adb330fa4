// A launch configuration as the worker's start request, and the summary the Debug Console opens with.
import * as assert from 'node:assert/strict';
import { launchSummary, specOf, startRequest, type LaunchArguments } from '../../../src/debug/launch';
import { startInfo } from './startInfo';

describe('debug/launch', () => {
  it('requires a spec path, as a hand-written launch.json may leave it out', () => {
    assert.equal(specOf({ spec: '/w/xor.nn.json' }), '/w/xor.nn.json');
    for (const spec of [undefined, '', 42]) {
      assert.throws(() => specOf({ spec } as unknown as LaunchArguments), /names no "spec"/);
    }
  });

  it('passes the text, the allowed folder, precision and step limit, and the ring budget in bytes', () => {
    const args: LaunchArguments = { spec: '/w/xor.nn.json', precision: 'float32', maxSteps: 7, stepBackMemoryMb: 3 };
    assert.deepEqual(startRequest(args, '{}', '/w'), {
      type: 'debug/start',
      source: { text: '{}', specPath: '/w/xor.nn.json', allowedRoot: '/w', precision: 'float32' },
      maxSteps: 7,
      ringBudgetBytes: 3 * 1024 * 1024,
    });
    const defaults = startRequest({ spec: '/w/xor.nn.json' }, '{}', undefined);
    assert.equal(defaults.ringBudgetBytes, undefined, "the worker's default budget");
    assert.equal(defaults.maxSteps, undefined);
    assert.equal(defaults.source.allowedRoot, undefined);
  });

  it('says how far Step Back reaches, in whole MiB', () => {
    const info = startInfo();
    info.ring.budgetBytes = 100.6 * 2 ** 20;
    assert.equal(
      launchSummary(info),
      'Debugging two layers: 2 layers, 40 steps; Step Back reaches 120 steps (101 MiB at most)\n',
    );
  });
});
