// Sorting the gradient-check table's rows by a column (pure).
import type { GradCheckRowInfo } from '../../src/protocol';

export type GradSortKey = 'path' | 'analytic' | 'numeric' | 'absError' | 'relError';
export interface GradSort {
  key: GradSortKey;
  descending: boolean;
}

/** Worst first: the order the check reports. */
export const DEFAULT_SORT: GradSort = { key: 'relError', descending: true };

export const SORT_KEYS: readonly GradSortKey[] = ['path', 'analytic', 'numeric', 'absError', 'relError'];

/** A sorted copy; NaN errors count as the worst, ties keep the check's order. */
export function sortRows(rows: readonly GradCheckRowInfo[], sort: GradSort): GradCheckRowInfo[] {
  const sign = sort.descending ? -1 : 1;
  const key = sort.key;
  const indexed = rows.map((row, i) => ({ row, i }));
  indexed.sort((a, b) => {
    let c: number;
    if (key === 'path') c = a.row.path.localeCompare(b.row.path, undefined, { numeric: true });
    else {
      const x = a.row[key];
      const y = b.row[key];
      c = Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : Number.isNaN(y) ? -1 : x - y;
    }
    return c !== 0 ? sign * c : a.i - b.i;
  });
  return indexed.map((e) => e.row);
}

/** The sort after a click on `key`: the same key flips direction, a new key starts descending (errors: worst first). */
export function nextSort(current: GradSort, key: GradSortKey): GradSort {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: key !== 'path' };
}
