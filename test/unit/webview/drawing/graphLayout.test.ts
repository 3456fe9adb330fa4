import * as assert from 'node:assert/strict';
import { hitTest, layerBand, layoutGraph, MAX_CIRCLES, segmentDistance } from '../../../../webview/drawing/graphLayout';

describe('webview/graphLayout', () => {
  it('spreads columns evenly and centres small columns', () => {
    const g = layoutGraph(2, [3, 1], 400, 300, 2000);
    assert.deepEqual(
      g.columns.map((c) => c.x),
      [40, 200, 360],
    );
    assert.ok(g.columns.every((c) => c.shape === 'circle'));
    const mid = g.columns[1];
    assert.ok(Math.abs(mid.ys[1] - (14 + (300 - 54) / 2)) < 1e-9, 'the middle unit sits at the plot centre');
    assert.deepEqual(
      g.links.map((l) => l.mode),
      ['edges', 'edges'],
    );
  });

  it('draws 784-128-10 as strips with a heatmap for the first layer only', () => {
    const g = layoutGraph(784, [128, 10], 600, 320, 2000);
    assert.deepEqual(
      g.columns.map((c) => c.shape),
      ['cell', 'cell', 'circle'],
    );
    assert.ok(784 > MAX_CIRCLES);
    assert.deepEqual(
      g.links.map((l) => l.mode),
      ['heatmap', 'edges'],
    );
    assert.deepEqual(
      layoutGraph(784, [128, 10], 600, 320, 200_000).links.map((l) => l.mode),
      ['edges', 'edges'],
    );
  });

  it('hits units, heatmap cells and the nearest edge', () => {
    const g = layoutGraph(2, [2], 200, 200, 2000);
    const [a, b] = g.columns;
    assert.deepEqual(hitTest(g, a.x, a.ys[1]), { kind: 'unit', column: 0, unit: 1 });
    // Midpoint of the edge from input 0 to unit 1.
    assert.deepEqual(hitTest(g, (a.x + b.x) / 2, (a.ys[0] + b.ys[1]) / 2), {
      kind: 'weight',
      layer: 0,
      row: 1,
      col: 0,
    });
    assert.equal(hitTest(g, 100, 2), undefined);

    const h = layoutGraph(784, [128, 10], 600, 320, 2000);
    const rect = h.links[0].rect;
    assert.deepEqual(hitTest(h, rect.x + 0.1, rect.y + 0.1), { kind: 'weight', layer: 0, row: 0, col: 0 });
    assert.deepEqual(hitTest(h, rect.x + rect.w - 0.01, rect.y + rect.h - 0.01), {
      kind: 'weight',
      layer: 0,
      row: 127,
      col: 783,
    });
  });

  it('measures distance to a segment, clamped at its ends', () => {
    assert.equal(segmentDistance(5, 3, 0, 0, 10, 0), 3);
    assert.equal(segmentDistance(-3, 4, 0, 0, 10, 0), 5);
    assert.equal(segmentDistance(1, 1, 2, 2, 2, 2), Math.SQRT2);
  });

  it("puts the debugger's highlight of a layer over its weights and units ", () => {
    const layout = layoutGraph(2, [3, 1], 400, 300, 2000);
    for (const layer of [0, 1]) {
      const band = layerBand(layout, layer)!;
      const inputs = layout.columns[layer];
      const units = layout.columns[layer + 1];
      assert.ok(band.x > inputs.x + inputs.r, `layer ${layer} leaves its input units unmarked`);
      assert.ok(band.x + band.w > units.x + units.r, `layer ${layer} covers its own units`);
      assert.ok(band.x + band.w <= layout.width);
      assert.deepEqual([band.y, band.h], [0, 300]);
    }
    const [hidden, output] = [layerBand(layout, 0)!, layerBand(layout, 1)!];
    assert.ok(hidden.x + hidden.w < output.x + output.w && hidden.x < output.x, 'each layer its own place');
  });

  it('highlights nothing for a frame without a layer, or a layer the graph does not have', () => {
    const layout = layoutGraph(2, [3, 1], 400, 300, 2000);
    assert.equal(layerBand(layout, undefined), undefined);
    assert.equal(layerBand(layout, 2), undefined);
    assert.equal(layerBand(layout, -1), undefined);
  });
});
