// The exception breakpoints the adapter offers are the ones its worker checks, and only the non-finite one is on
// until the user switches others on.
import * as assert from 'node:assert/strict';
import { CAPABILITIES, EXCEPTION_FILTERS } from '../../../src/debug/capabilities';
import { EXCEPTION_FILTERS as CHECKED } from '../../../src/shared/exceptionFilters';

describe('debug/capabilities', () => {
  it('offers exactly the exception filters the worker checks', () => {
    assert.deepEqual(EXCEPTION_FILTERS.map((f) => f.filter).sort(), Object.keys(CHECKED).sort());
    assert.equal(CAPABILITIES.exceptionBreakpointFilters, EXCEPTION_FILTERS);
  });

  it('has the non-finite value on by default, and a condition where the worker needs a threshold', () => {
    assert.deepEqual(
      EXCEPTION_FILTERS.filter((f) => f.default).map((f) => f.filter),
      ['nonFinite'],
    );
    assert.deepEqual(
      EXCEPTION_FILTERS.filter((f) => f.supportsCondition && f.conditionDescription).map((f) => f.filter),
      ['gradNorm', 'lossAbove', 'deadUnits'],
    );
  });
});
