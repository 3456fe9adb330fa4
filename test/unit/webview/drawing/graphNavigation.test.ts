import * as assert from 'node:assert/strict';
import { clampCursor, moveCursor, type GraphCursor } from '../../../../webview/drawing/graphNavigation';

/** A 2-3-1 network (XOR) and a wide 30-input one. */
const XOR = [2, 3, 1];
const WIDE = [30, 4, 1];

const key = (k: string, shift = false) => ({ key: k, shift });
const unit = (column: number, u: number): GraphCursor => ({ kind: 'unit', column, unit: u });

/** Follows `keys` from `start`; a key the graph ignores leaves the cursor where it was. */
function walk(start: GraphCursor, counts: number[], ...keys: [string, boolean?][]): GraphCursor {
  return keys.reduce((c, [k, shift]) => moveCursor(c, key(k, shift), counts) ?? c, start);
}

describe('webview/graphNavigation', () => {
  it('moves between units of a layer with ↑/↓, Home/End and PageUp/PageDown, stopping at the ends', () => {
    assert.deepEqual(moveCursor(unit(1, 0), key('ArrowDown'), XOR), unit(1, 1));
    assert.deepEqual(moveCursor(unit(1, 0), key('ArrowUp'), XOR), unit(1, 0));
    assert.deepEqual(moveCursor(unit(1, 2), key('ArrowDown'), XOR), unit(1, 2));
    assert.deepEqual(moveCursor(unit(1, 1), key('End'), XOR), unit(1, 2));
    assert.deepEqual(moveCursor(unit(1, 1), key('Home'), XOR), unit(1, 0));
    assert.deepEqual(moveCursor(unit(0, 3), key('PageDown'), WIDE), unit(0, 13));
    assert.deepEqual(moveCursor(unit(0, 25), key('PageDown'), WIDE), unit(0, 29));
    assert.deepEqual(moveCursor(unit(0, 3), key('PageUp'), WIDE), unit(0, 0));
  });

  it('moves between layers with ←/→ to the unit at the same height, stopping at the input and output', () => {
    assert.deepEqual(moveCursor(unit(0, 1), key('ArrowRight'), XOR), unit(1, 2));
    assert.deepEqual(moveCursor(unit(1, 1), key('ArrowRight'), XOR), unit(2, 0));
    assert.deepEqual(moveCursor(unit(2, 0), key('ArrowRight'), XOR), unit(2, 0));
    assert.deepEqual(moveCursor(unit(2, 0), key('ArrowLeft'), XOR), unit(1, 0));
    assert.deepEqual(moveCursor(unit(0, 0), key('ArrowLeft'), XOR), unit(0, 0));
    assert.deepEqual(moveCursor(unit(0, 29), key('ArrowRight'), WIDE), unit(1, 3));
  });

  it("steps onto a unit's outgoing weights with Shift+→ and swings their far end with ↑/↓", () => {
    const out = moveCursor(unit(0, 1), key('ArrowRight', true), XOR);
    // hidden.weights[2][1]: from input 1 to hidden unit 2 (the unit at input 1's height).
    assert.deepEqual(out, { kind: 'weight', layer: 0, row: 2, col: 1, anchor: 'source' });
    assert.deepEqual(walk(out, XOR, ['ArrowUp']), { kind: 'weight', layer: 0, row: 1, col: 1, anchor: 'source' });
    assert.deepEqual(walk(out, XOR, ['Home']), { kind: 'weight', layer: 0, row: 0, col: 1, anchor: 'source' });
    // Following it: → to its target unit, ← back to its source, Escape to the unit it was entered from.
    assert.deepEqual(walk(out, XOR, ['ArrowUp'], ['ArrowRight']), unit(1, 1));
    assert.deepEqual(walk(out, XOR, ['ArrowUp'], ['ArrowLeft']), unit(0, 1));
    assert.deepEqual(walk(out, XOR, ['ArrowUp'], ['Escape']), unit(0, 1));
  });

  it("steps onto a unit's incoming weights with Shift+← and swings their source with ↑/↓", () => {
    const into = moveCursor(unit(2, 0), key('ArrowLeft', true), XOR);
    assert.deepEqual(into, { kind: 'weight', layer: 1, row: 0, col: 0, anchor: 'target' });
    const third = walk(into, XOR, ['ArrowDown'], ['ArrowDown'], ['ArrowDown']);
    assert.deepEqual(third, { kind: 'weight', layer: 1, row: 0, col: 2, anchor: 'target' });
    assert.deepEqual(walk(third, XOR, ['Escape']), unit(2, 0));
    assert.deepEqual(walk(third, XOR, ['ArrowLeft']), unit(1, 2));
  });

  it('has no weights left of the inputs or right of the outputs, and ignores keys it does not use', () => {
    assert.deepEqual(moveCursor(unit(0, 0), key('ArrowLeft', true), XOR), unit(0, 0));
    assert.deepEqual(moveCursor(unit(2, 0), key('ArrowRight', true), XOR), unit(2, 0));
    assert.equal(moveCursor(unit(1, 0), key('Tab'), XOR), undefined);
    assert.equal(moveCursor(unit(1, 0), key('a'), XOR), undefined);
    assert.equal(moveCursor({ kind: 'weight', layer: 0, row: 0, col: 0, anchor: 'source' }, key('x'), XOR), undefined);
  });

  it('visits every weight of a layer from its source units', () => {
    const seen = new Set<string>();
    for (let col = 0; col < WIDE[0]; col++) {
      let c = moveCursor(unit(0, col), key('ArrowRight', true), WIDE)!;
      c = walk(c, WIDE, ['Home']);
      for (let i = 0; i < WIDE[1]; i++) {
        assert.equal(c.kind, 'weight');
        if (c.kind === 'weight') seen.add(`${c.row},${c.col}`);
        c = walk(c, WIDE, ['ArrowDown']);
      }
    }
    assert.equal(seen.size, WIDE[0] * WIDE[1]);
  });

  it('drops a cursor the network no longer holds', () => {
    assert.deepEqual(clampCursor(unit(1, 2), XOR), unit(1, 2));
    assert.equal(clampCursor(unit(1, 3), XOR), undefined);
    assert.equal(clampCursor(unit(3, 0), XOR), undefined);
    assert.equal(clampCursor({ kind: 'weight', layer: 1, row: 1, col: 0, anchor: 'source' }, XOR), undefined);
    const ok: GraphCursor = { kind: 'weight', layer: 1, row: 0, col: 2, anchor: 'target' };
    assert.deepEqual(clampCursor(ok, XOR), ok);
  });
});
