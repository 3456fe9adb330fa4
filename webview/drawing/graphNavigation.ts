// Moving through the network graph with keys (pure): between layers and units, and along the weights between them.
//
// The model: the cursor is on a unit (a neuron) or on a weight (an edge). On a unit, ←/→ go to the previous/next
// layer (to the unit at the same height), ↑/↓ to the previous/next unit of the layer, Home/End to its first/last
// unit, PageUp/PageDown ten units at a time. Shift+→ steps onto the unit's outgoing weights and Shift+← onto its
// incoming ones. On a weight, the unit it was entered from stays fixed and ↑/↓ (Home/End, PageUp/PageDown) swing
// its other end through the neighbouring layer; → follows it to its target unit, ← to its source unit, and Escape
// goes back to the unit it was entered from.

/** Where the keyboard is in the graph. `anchor`: the weight's end that stays fixed while ↑/↓ move the other. */
export type GraphCursor =
  | { kind: 'unit'; column: number; unit: number }
  | { kind: 'weight'; layer: number; row: number; col: number; anchor: 'source' | 'target' };

/** The keys the graph answers to, with Shift when it changes their meaning. */
export interface GraphKey {
  key: string;
  shift: boolean;
}

const PAGE = 10;

/** Index `i` of `from` units mapped to the same relative height in a column of `to` units. */
function sameHeight(i: number, from: number, to: number): number {
  if (from <= 1 || to <= 1) return 0;
  return Math.round((i * (to - 1)) / (from - 1));
}

/** The index after a vertical key in a list of `n` entries, or undefined when the key is not vertical. */
function vertical(key: string, i: number, n: number): number | undefined {
  const clamp = (j: number): number => Math.max(0, Math.min(n - 1, j));
  switch (key) {
    case 'ArrowUp':
      return clamp(i - 1);
    case 'ArrowDown':
      return clamp(i + 1);
    case 'PageUp':
      return clamp(i - PAGE);
    case 'PageDown':
      return clamp(i + PAGE);
    case 'Home':
      return 0;
    case 'End':
      return n - 1;
    default:
      return undefined;
  }
}

/**
 * The cursor after `key` in a graph whose columns (input first) hold `counts` units; undefined when the key means
 * nothing here (so the page may use it), the same cursor when it is already at an edge of the graph.
 */
export function moveCursor(cursor: GraphCursor, key: GraphKey, counts: readonly number[]): GraphCursor | undefined {
  const units = (c: number): number => counts[c] ?? 0;
  if (cursor.kind === 'unit') {
    const { column, unit } = cursor;
    const n = units(column);
    if (key.shift && key.key === 'ArrowRight')
      return column + 1 < counts.length
        ? { kind: 'weight', layer: column, row: sameHeight(unit, n, units(column + 1)), col: unit, anchor: 'source' }
        : cursor;
    if (key.shift && key.key === 'ArrowLeft')
      return column > 0
        ? {
            kind: 'weight',
            layer: column - 1,
            row: unit,
            col: sameHeight(unit, n, units(column - 1)),
            anchor: 'target',
          }
        : cursor;
    if (key.key === 'ArrowRight' || key.key === 'ArrowLeft') {
      const next = column + (key.key === 'ArrowRight' ? 1 : -1);
      return next >= 0 && next < counts.length
        ? { kind: 'unit', column: next, unit: sameHeight(unit, n, units(next)) }
        : cursor;
    }
    const j = vertical(key.key, unit, n);
    return j === undefined ? undefined : { ...cursor, unit: j };
  }
  const { layer, row, col, anchor } = cursor;
  switch (key.key) {
    case 'ArrowRight':
      return { kind: 'unit', column: layer + 1, unit: row };
    case 'ArrowLeft':
      return { kind: 'unit', column: layer, unit: col };
    case 'Escape':
      return anchor === 'source'
        ? { kind: 'unit', column: layer, unit: col }
        : { kind: 'unit', column: layer + 1, unit: row };
  }
  if (anchor === 'source') {
    const r = vertical(key.key, row, units(layer + 1));
    return r === undefined ? undefined : { ...cursor, row: r };
  }
  const c = vertical(key.key, col, units(layer));
  return c === undefined ? undefined : { ...cursor, col: c };
}

/** The cursor kept inside a graph of `counts` units (a spec edit can shrink the network under it). */
export function clampCursor(cursor: GraphCursor, counts: readonly number[]): GraphCursor | undefined {
  const fits = (c: number, i: number): boolean => c >= 0 && c < counts.length && i >= 0 && i < counts[c]!;
  if (cursor.kind === 'unit') return fits(cursor.column, cursor.unit) ? cursor : undefined;
  return fits(cursor.layer, cursor.col) && fits(cursor.layer + 1, cursor.row) ? cursor : undefined;
}
