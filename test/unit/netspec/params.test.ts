// Offset ↔ parameter mapping: every number round-trips, other places map to their layer.
import * as assert from 'node:assert/strict';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { paramAtOffset, rangeOfLayer, rangeOfParam, specDocument } from '../../../src/netspec';
import type { ParamRef } from '../../../src/netspec';

const text = `{
  "input": 2,
  "layers": [
    { "name": "h", "units": 3, "activation": "tanh",
      // rows are units
      "weights": [[0.5, -0.4], [0.3, 8e-1], [-0.6, 0.1]],
      "biases": [0, 0.1, -0.1] },
    { "units": 1, "activation": "sigmoid" }
  ],
  "loss": "binary-cross-entropy"
}`;

describe('netspec/params', () => {
  it('maps every weight and bias number to its ParamRef and back', () => {
    const refs: ParamRef[] = [];
    for (let row = 0; row < 3; row++) {
      for (let col = 0; col < 2; col++) refs.push({ layer: 0, kind: 'weight', row, col });
      refs.push({ layer: 0, kind: 'bias', row });
    }
    const root = parseTree(text)!;
    for (const ref of refs) {
      const range = rangeOfParam(text, ref)!;
      const path =
        ref.kind === 'weight' ? ['layers', 0, 'weights', ref.row, ref.col] : ['layers', 0, 'biases', ref.row];
      assert.equal(range.offset, findNodeAtLocation(root, path)!.offset);
      for (let o = range.offset; o <= range.offset + range.length; o++)
        assert.deepEqual(paramAtOffset(text, o), { ref });
    }
  });

  it('maps other offsets inside a layer to the layer, and outside layers to nothing', () => {
    assert.deepEqual(paramAtOffset(text, text.indexOf('"tanh"')), { layer: 0, kind: 'layer' });
    assert.deepEqual(paramAtOffset(text, text.indexOf('// rows')), { layer: 0, kind: 'layer' });
    assert.deepEqual(paramAtOffset(text, text.indexOf('"sigmoid"')), { layer: 1, kind: 'layer' });
    assert.equal(paramAtOffset(text, text.indexOf('"loss"')), undefined);
    assert.equal(paramAtOffset(text, 0), undefined);
  });

  it('gives undefined for values the spec does not write, and layer ranges', () => {
    assert.equal(rangeOfParam(text, { layer: 1, kind: 'weight', row: 0, col: 0 }), undefined);
    assert.equal(rangeOfParam(text, { layer: 0, kind: 'bias', row: 3 }), undefined);
    const r = rangeOfLayer(text, 1)!;
    assert.equal(text.slice(r.offset, r.offset + r.length), '{ "units": 1, "activation": "sigmoid" }');
    assert.equal(rangeOfLayer(text, 2), undefined);
  });

  // NOTE: the hover's time is reported by `npm run bench:editor` (pure hoverMarkdown); here, that nothing re-parses.
  it('answers hovers on a 1 MB spec from the cached document, never parsing it again', () => {
    const rows = Array.from(
      { length: 200 },
      (_, r) => `[${Array.from({ length: 250 }, (_, c) => ((r * 250 + c) % 97) / 97).join(', ')}]`,
    );
    const big = `{ "input": 250, "layers": [{ "units": 200, "activation": "relu", "weights": [${rows.join(',\n')}] }] }`;
    assert.ok(big.length > 1_000_000);
    const doc = specDocument(big);
    const ref: ParamRef = { layer: 0, kind: 'weight', row: 150, col: 200 };
    const range = rangeOfParam(doc, ref)!;
    for (let i = 0; i < 10; i++) assert.deepEqual(paramAtOffset(big, range.offset), { ref });
    assert.equal(specDocument(big), doc, 'the same parse served every hover');
  });
});
