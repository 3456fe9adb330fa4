import * as assert from 'node:assert/strict';
import {
  diverging,
  edgeGroups,
  edgeWidth,
  magnitude,
  maxAbs,
  mix,
  parseColor,
  toCss,
  type Palette,
} from '../../../../webview/drawing/colorScale';

const palette: Palette = { positive: [0, 0, 255], negative: [255, 0, 0], base: [255, 255, 255] };

describe('webview/colorScale', () => {
  it('parses the colour forms computed styles give', () => {
    assert.deepEqual(parseColor('#f14c4c'), [241, 76, 76]);
    assert.deepEqual(parseColor(' #ABC '), [170, 187, 204]);
    assert.deepEqual(parseColor('#3794ff80'), [55, 148, 255]);
    assert.deepEqual(parseColor('rgb(1, 2, 3)'), [1, 2, 3]);
    assert.deepEqual(parseColor('rgba(10 20 30 / 0.5)'), [10, 20, 30]);
    assert.equal(parseColor('var(--x)'), undefined);
    assert.equal(parseColor('#12345'), undefined);
  });

  it('colours by sign and strengthens with magnitude', () => {
    assert.deepEqual(diverging(2, 2, palette), [0, 0, 255]);
    assert.deepEqual(diverging(-2, 2, palette), [255, 0, 0]);
    assert.deepEqual(diverging(0, 2, palette), [255, 255, 255]);
    assert.deepEqual(diverging(-1, 2, palette), [255, 127.5, 127.5]);
    assert.deepEqual(diverging(5, 0, palette), [255, 255, 255], 'a zero scale is neutral');
    assert.deepEqual(mix([0, 0, 0], [10, 10, 10], 2), [10, 10, 10], 't is clamped');
  });

  it('sizes edges by magnitude only', () => {
    assert.equal(edgeWidth(-3, 3, 0.5, 4), 4);
    assert.equal(edgeWidth(3, 3, 0.5, 4), 4);
    assert.equal(edgeWidth(0, 3, 0.5, 4), 0.5);
    assert.ok(edgeWidth(1, 3) < edgeWidth(2, 3));
    assert.equal(magnitude(NaN, 1), 0);
  });

  it('finds the largest finite magnitude in a range', () => {
    assert.equal(maxAbs([1, -5, Infinity, NaN, 2]), 5);
    assert.equal(maxAbs([1, -5, 3, 2], 2, 4), 3);
    assert.equal(maxAbs([]), 0);
    assert.equal(toCss([1.4, 2, 3]), 'rgb(1 2 3)');
    assert.equal(toCss([1, 2, 3], 0.5), 'rgb(1 2 3 / 0.500)');
  });
  it('groups edges by strength and sign, weakest first, every edge once', () => {
    const values = Float64Array.of(0.5, -1, 0, 1, -0.5, NaN, 0.26);
    const { group, order, starts } = edgeGroups(values, 1, 3);
    // level = round(|v| · 2): 0.5 → 1, −1 → 2, 0 → 0, NaN → 0, 0.26 → 1; group = 2·level + (negative ? 1 : 0).
    assert.deepEqual([...group], [2, 5, 0, 4, 3, 0, 2]);
    assert.deepEqual([...starts], [0, 2, 2, 4, 5, 6, 7]);
    assert.deepEqual([...order], [2, 5, 0, 6, 4, 3, 1]);
    assert.deepEqual(
      [...edgeGroups(Float64Array.of(3, -3), 0, 4).group],
      [0, 1],
      'a zero scale puts every edge in the weakest level',
    );
  });
});
