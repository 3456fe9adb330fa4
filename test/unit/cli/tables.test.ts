import * as assert from 'node:assert/strict';
import { formatDuration, progressBar } from '../../../src/cli/tables';

describe('cli/tables', () => {
  it('says durations as people do', () => {
    assert.deepEqual([0.004, 0.44, 9.96, 12.4, 59.6, 61, 250, 3600, 7530, Infinity].map(formatDuration), [
      '0.1 s',
      '0.4 s',
      '10 s',
      '12 s',
      '1 min',
      '1 min 1 s',
      '4 min 10 s',
      '1 h',
      '2 h 6 min',
      'a very long time',
    ]);
  });

  it('draws a bar of the share done, clamped to its width', () => {
    assert.equal(progressBar(0, 10, 4), '[----]');
    assert.equal(progressBar(5, 10, 4), '[##--]');
    assert.equal(progressBar(12, 10, 4), '[####]');
    assert.equal(progressBar(0, 0, 4), '[----]');
  });
});
