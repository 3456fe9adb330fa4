import * as assert from 'node:assert/strict';
import type { Palette } from '../../../webview/colorScale';
import { DEFAULT_EDGE_LIMIT, edgeLimitOf, fillHeatmap, heatmapLut, useHeatmap } from '../../../webview/heatmap';

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

  it('fills a 784×128 weight matrix well within a 16 ms frame', () => {
    const rows = 128;
    const cols = 784;
    let seed = 1;
    const values = Float64Array.from({ length: rows * cols + 10 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5);
    const out = new Uint8ClampedArray(rows * cols * 4);
    const lut = heatmapLut(palette);
    fillHeatmap(out, values, 10, rows, cols, 0.5, lut); // warm-up
    const t0 = performance.now();
    for (let k = 0; k < 10; k++) fillHeatmap(out, values, 10, rows, cols, 0.5, lut);
    const ms = (performance.now() - t0) / 10;
    assert.ok(ms < 16, `${ms.toFixed(2)} ms per fill`);
  });
});
