import * as assert from 'node:assert/strict';
import { PendingRequests } from '../../../../src/extension/platform/pendingRequests';

interface Answers {
  check: number;
  snapshot: string;
}

describe('extension/pendingRequests', () => {
  it('settles each request by its id with its answer, once', async () => {
    const pending = new PendingRequests<Answers>();
    const a = pending.open('check');
    const b = pending.open('snapshot');
    assert.notEqual(a.id, b.id);
    assert.equal(pending.size, 2);
    assert.equal(pending.resolve('snapshot', b.id, 'weights'), true);
    assert.equal(pending.resolve('snapshot', b.id, 'again'), false, 'an answer to a settled request is ignored');
    assert.equal(await b.answer, 'weights');
    assert.equal(pending.reject('check', a.id, new Error('worker failed')), true);
    await assert.rejects(a.answer, /worker failed/);
    assert.equal(pending.size, 0);
  });

  it('ignores an answer of another kind under the same id', () => {
    const pending = new PendingRequests<Answers>();
    const a = pending.open('check');
    assert.equal(pending.has('snapshot', a.id), false);
    assert.equal(pending.resolve('snapshot', a.id, 'x'), false);
    assert.equal(pending.has('check', a.id), true);
  });

  it('rejects every waiting request when the worker exits or the owner is disposed', async () => {
    const pending = new PendingRequests<Answers>();
    const requests = [pending.open('check'), pending.open('snapshot'), pending.open('check')];
    pending.rejectAll(new Error('The training worker stopped unexpectedly'));
    for (const r of requests) await assert.rejects(r.answer, /stopped unexpectedly/);
    assert.equal(pending.size, 0);
    const later = pending.open('check');
    assert.ok(later.id > requests[2].id, 'ids are never reused');
  });
});
