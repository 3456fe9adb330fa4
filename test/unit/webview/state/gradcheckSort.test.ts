import * as assert from 'node:assert/strict';
import type { GradCheckRowInfo } from '../../../../src/protocol';
import { DEFAULT_SORT, nextSort, sortRows } from '../../../../webview/state/gradcheckSort';

const row = (path: string, relError: number, analytic = 0): GradCheckRowInfo => ({
  ref: { layer: 0, kind: 'bias', row: 0 },
  path,
  analytic,
  numeric: 0,
  absError: relError,
  relError,
  mismatch: false,
  kink: false,
});

describe('webview/gradcheckSort', () => {
  const rows = [
    row('h.W[0][10]', 1e-9, 3),
    row('h.W[0][2]', 1e-3, -1),
    row('out.b[0]', NaN, 2),
    row('h.b[1]', 1e-3, 0),
  ];

  it('puts the worst first by default, NaN worst, ties in the check order', () => {
    assert.deepEqual(
      sortRows(rows, DEFAULT_SORT).map((r) => r.path),
      ['out.b[0]', 'h.W[0][2]', 'h.b[1]', 'h.W[0][10]'],
    );
  });

  it('sorts paths naturally and numbers ascending', () => {
    assert.deepEqual(
      sortRows(rows, { key: 'path', descending: false }).map((r) => r.path),
      ['h.b[1]', 'h.W[0][2]', 'h.W[0][10]', 'out.b[0]'],
    );
    assert.deepEqual(
      sortRows(rows, { key: 'analytic', descending: false }).map((r) => r.analytic),
      [-1, 0, 2, 3],
    );
    assert.equal(rows[0].path, 'h.W[0][10]', 'the input is not reordered');
  });

  it('flips on a second click, starts a new numeric column worst first', () => {
    assert.deepEqual(nextSort(DEFAULT_SORT, 'relError'), { key: 'relError', descending: false });
    assert.deepEqual(nextSort(DEFAULT_SORT, 'absError'), { key: 'absError', descending: true });
    assert.deepEqual(nextSort(DEFAULT_SORT, 'path'), { key: 'path', descending: false });
  });
});
