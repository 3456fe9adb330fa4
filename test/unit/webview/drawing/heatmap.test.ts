import * as assert from 'node:assert/strict';
import type { Palette } from '../../../../webview/drawing/colorScale';
import {
  DEFAULT_EDGE_LIMIT,
  edgeLimitOf,
  fillHeatmap,
  fillHeatmapCodes,
  heatmapLut,
  useHeatmap,
} from '../../../../webview/drawing/heatmap';

const palette: Palette = { positive: [0, 0, 255], negative: [255, 0, 0], base: [255, 255, 255] };

describe('webview/heatmap', () => {
  it('switches to a heatmap above the edge limit', () => {
    assert.equal(DEFAULT_EDGE_LIMIT, 2000);
    assert.equal(useHeatmap(128, 784, DEFAULT_EDGE_LIMIT), true);
    assert.equal(useHeatmap(10, 128, DEFAULT_EDGE_LIMIT), false);
    assert.equal(useHeatmap(40, 50, DEFAULT_EDGE_LIMIT), false, 'exactly the limit still draws edges');
    assert.equal(useHeatmap(40, 51, DEFAULT_EDGE_LIMIT), true);
    assert.equal(edgeLimitOf(undefined), 2000);
    assert.equal(edgeLimitOf({ edgeLimit: 500 }), 500);
    assert.equal(edgeLimitOf({ edgeLimit: -1 }), 2000);
    assert.equal(edgeLimitOf({ edgeLimit: '9' }), 2000);
  });

  it('fills pixels by sign and magnitude, NaN at full strength', () => {
    const lut = heatmapLut(palette);
    const out = new Uint8ClampedArray(4 * 4);
    fillHeatmap(out, [9, 2, -2, 0, NaN], 1, 2, 2, 2, lut);
    assert.deepEqual([...out.slice(0, 4)], [0, 0, 255, 255]);
    assert.deepEqual([...out.slice(4, 8)], [255, 0, 0, 255]);
    assert.deepEqual([...out.slice(8, 12)], [255, 255, 255, 255]);
    assert.equal(out[15], 255);
  });

  it('fills pooled cells from their codes as it fills the values they stand for', () => {
    const lut = heatmapLut(palette);
    const values = [127, -127, 0, 64, -1, 100];
    const fromValues = new Uint8ClampedArray(values.length * 4);
    fillHeatmap(fromValues, values, 0, 2, 3, 127, lut);
    const fromCodes = new Uint8ClampedArray(values.length * 4);
    fillHeatmapCodes(fromCodes, Int8Array.from(values), lut);
    assert.deepEqual([...fromCodes], [...fromValues]);
    // A non-finite block (-128) shows at full strength, as NaN does.
    const nonFinite = new Uint8ClampedArray(4);
    fillHeatmapCodes(nonFinite, Int8Array.of(-128), lut);
    assert.deepEqual([...nonFinite], [0, 0, 255, 255]);
  });
});
