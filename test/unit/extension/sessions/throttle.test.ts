import * as assert from 'node:assert/strict';
import { Throttle } from '../../../../src/extension/sessions/throttle';

describe('extension/throttle', () => {
  it('sends the first value at once, then at most one per interval per key, ending with the newest', async () => {
    const sent: string[] = [];
    const t = new Throttle<string>(
      (v) => sent.push(v),
      () => 40,
    );
    t.offer('progress', 'a');
    t.offer('progress', 'b');
    t.offer('progress', 'c');
    t.offer('snapshot', 's');
    assert.deepEqual(sent, ['a', 's']);
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(sent, ['a', 's', 'c']);
  });

  it('drops waiting values on clear', async () => {
    const sent: string[] = [];
    const t = new Throttle<string>(
      (v) => sent.push(v),
      () => 20,
    );
    t.offer('k', 'a');
    t.offer('k', 'b');
    t.clear();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(sent, ['a']);
  });

  it('combines waiting values with merge instead of dropping them', async () => {
    const sent: string[] = [];
    const t = new Throttle<string>(
      (v) => sent.push(v),
      () => 30,
      Date.now,
      (older, newer) => older + newer,
    );
    t.offer('progress', 'a');
    t.offer('progress', 'b');
    t.offer('progress', 'c');
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(sent, ['a', 'bc']);
  });
});
