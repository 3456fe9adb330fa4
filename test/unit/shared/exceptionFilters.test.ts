// The one list of exception breakpoints: an id names a filter only when it is one of the list's own keys.
import * as assert from 'node:assert/strict';
import { EXCEPTION_FILTERS, exceptionFilter } from '../../../src/shared/exceptionFilters';

describe('shared/exceptionFilters', () => {
  it("names each listed filter, and nothing else (not even an object's inherited names)", () => {
    for (const id of Object.keys(EXCEPTION_FILTERS)) assert.equal(exceptionFilter(id), id);
    for (const id of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'NonFinite', 'nonfinite', ''])
      assert.equal(exceptionFilter(id), undefined, id);
  });

  it('takes a condition exactly where a threshold is compared', () => {
    const conditioned = Object.entries(EXCEPTION_FILTERS).filter(([, f]) => f.condition);
    assert.deepEqual(
      conditioned.map(([id]) => id),
      ['gradNorm', 'lossAbove', 'deadUnits'],
    );
  });
});
