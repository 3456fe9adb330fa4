// Write-back: minimal number edits, bit-exact round trips, comments kept, insertion in the file's style.
import * as assert from 'node:assert/strict';
import {
  applyTextEdits,
  formatNumber,
  MAX_PARAM_MAGNITUDE,
  parseSpec,
  unwritableReason,
  weightEdits,
} from '../../../src/netspec';
import schema from '../../../schema/nn.schema.json';
import type { LayerValues } from '../../../src/netspec';
import { host } from './helpers';

const text = `{
  "input": 2,
  "layers": [
    { "units": 2, "activation": "tanh",
      // trained by hand
      "weights": [[0.5, -0.4], [0.3, 0.8]], /* keep me */
      "biases": [0, 0.1] },
    {
      "units": 1,
      "activation": "sigmoid"
    }
  ],
  "loss": "binary-cross-entropy"
}`;

const trained: LayerValues[] = [
  {
    weights: [
      [0.5, Math.PI / 7],
      [-0, 1e-300],
    ],
    biases: [0.1 + 0.2, 0.1],
  },
  { weights: [[Math.E, -1 / 3]], biases: [-5e-324] },
];

function model(t: string): LayerValues[] {
  const r = parseSpec(t, host);
  assert.deepEqual(
    r.problems.filter((p) => p.severity === 'error'),
    [],
  );
  return r.spec!.model.layers.map((l) => ({ weights: l.weights!, biases: l.biases! }));
}

describe('netspec/edits', () => {
  it('rewrites only changed numbers and inserts missing arrays; parsing gives the values back bit-exactly', () => {
    const edits = weightEdits(text, trained);
    const changedTokens = edits.filter((e) => e.length > 0).map((e) => text.slice(e.offset, e.offset + e.length));
    assert.deepEqual(changedTokens, ['-0.4', '0.3', '0.8', '0']);
    const out = applyTextEdits(text, edits);
    const back = model(out);
    for (let l = 0; l < 2; l++) {
      back[l].weights.flat().forEach((v, i) => assert.ok(Object.is(v, trained[l].weights.flat()[i])));
      back[l].biases.forEach((v, i) => assert.ok(Object.is(v, trained[l].biases[i])));
    }
    assert.ok(out.includes('// trained by hand') && out.includes('/* keep me */'));
    assert.ok(
      out.includes(
        `      "activation": "sigmoid",\n      "weights": [\n        [2.718281828459045, -0.3333333333333333]\n      ],\n      "biases": [-5e-324]\n    }`,
      ),
      out,
    );
    assert.deepEqual(weightEdits(out, trained), []);
  });

  it('keeps compact layers compact and replaces wrongly shaped arrays', () => {
    const compact =
      '{ "input": 1, "layers": [{ "units": 2, "activation": "relu", "weights": [[1, 2]] }], "loss": "mse" }';
    const values = [{ weights: [[1], [2]], biases: [0, 0] }];
    const out = applyTextEdits(compact, weightEdits(compact, values));
    assert.equal(
      out,
      '{ "input": 1, "layers": [{ "units": 2, "activation": "relu", "weights": [[1], [2]], "biases": [0, 0] }], "loss": "mse" }',
    );
  });

  it('follows tabs and CRLF', () => {
    const tabbed =
      '{\r\n\t"input": 1,\r\n\t"layers": [\r\n\t\t{\r\n\t\t\t"units": 1,\r\n\t\t\t"activation": "identity"\r\n\t\t}\r\n\t],\r\n\t"loss": "mse"\r\n}';
    const out = applyTextEdits(tabbed, weightEdits(tabbed, [{ weights: [[2]], biases: [1] }]));
    assert.ok(
      out.includes('"identity",\r\n\t\t\t"weights": [\r\n\t\t\t\t[2]\r\n\t\t\t],\r\n\t\t\t"biases": [1]\r\n\t\t}'),
      JSON.stringify(out),
    );
    assert.deepEqual(model(out), [{ weights: [[2]], biases: [1] }]);
  });

  it('prints a chosen number of significant digits, and refuses non-finite values', () => {
    assert.equal(formatNumber(Math.PI, 4), '3.142');
    assert.equal(formatNumber(-0, undefined), '-0');
    assert.equal(formatNumber(0.1 + 0.2, undefined), '0.30000000000000004');
    const out = applyTextEdits(text, weightEdits(text, trained, { digits: 3 }));
    assert.ok(out.includes('[[0.5, 0.449], [-0, 1e-300]]'), out);
    assert.throws(
      () =>
        weightEdits(text, [
          {
            weights: [
              [NaN, 0],
              [0, 0],
            ],
            biases: [0, 0],
          },
        ]),
      /layers\[0\]\.weights\[0\]\[0\] is NaN/,
    );
    assert.throws(() => weightEdits(text, [trained[0], trained[1], trained[1]]), /no layer object at layers\[2\]/);
  });

  it('digits 0 means exact, as the editor setting backprop.writeBack.digits: 0 does', () => {
    assert.equal(formatNumber(Math.PI, 0), String(Math.PI));
    assert.equal(formatNumber(Math.PI, 0), formatNumber(Math.PI, undefined));
  });

  it("refuses what check would refuse, by the schema's own bound: non-finite or beyond ±1e6 after rounding", () => {
    assert.equal(MAX_PARAM_MAGNITUDE, 1e6);
    assert.equal(MAX_PARAM_MAGNITUDE, schema.definitions.param.maximum);
    assert.equal(-MAX_PARAM_MAGNITUDE, schema.definitions.param.minimum);
    const layer = (w: number, b = 0): LayerValues => ({ name: 'out', weights: [[w, 0.5]], biases: [b] });
    assert.equal(unwritableReason([layer(1e6, -1e6)]), undefined, 'the bound itself is allowed');
    assert.equal(unwritableReason([layer(1000000.4)], 6), undefined, 'rounds to 1e6');
    // Shown in full: "is 1.000e+6" would read as the bound itself.
    assert.match(unwritableReason([layer(1000000.4)]) ?? '', /layers\[0\] "out"\.weights\[0\]\[0\] is 1000000\.4[,;]/);
    assert.match(unwritableReason([layer(1000000.4)], 0) ?? '', /is 1000000\.4/, 'digits 0 is exact: no rounding');
    assert.match(unwritableReason([layer(-1.5e6)]) ?? '', /is -1\.500e\+6/, 'clearly past the bound: short');
    assert.match(unwritableReason([layer(Infinity)]) ?? '', /weights\[0\]\[0\] is Infinity/);
    assert.equal(
      unwritableReason([layer(-3e7, NaN)]),
      'layers[0] "out".weights[0][0] is -3.000e+7, layers[0] "out".biases[0] is NaN; a spec holds only finite ' +
        'numbers within ±1e6 (`backprop check` would refuse the file)',
    );
    const many: LayerValues = { weights: [[2e6, 3e6, 4e6, 5e6, 6e6]], biases: [1] };
    assert.match(unwritableReason([many]) ?? '', /^layers\[0\]\.weights\[0\]\[0\] is 2\.000e\+6, .* and 2 more; /);
    assert.throws(() => weightEdits(text, [layer(2e6), trained[1]]), /weightEdits: .* is 2\.000e\+6/);
    // What the guard lets through, check accepts.
    const edge: LayerValues[] = [
      {
        weights: [
          [1e6, -1e6],
          [999999.9999999999, 0],
        ],
        biases: [-1e6, 1e6],
      },
      trained[1],
    ];
    assert.equal(unwritableReason(edge), undefined);
    const { problems } = parseSpec(applyTextEdits(text, weightEdits(text, edge)), host);
    assert.deepEqual(problems, []);
  });

  it('refuses overlapping edits', () => {
    assert.throws(
      () =>
        applyTextEdits('abc', [
          { offset: 0, length: 2, newText: 'x' },
          { offset: 1, length: 1, newText: 'y' },
        ]),
      /overlap/,
    );
    assert.equal(
      applyTextEdits('abc', [
        { offset: 1, length: 0, newText: 'x' },
        { offset: 1, length: 0, newText: 'y' },
      ]),
      'axybc',
    );
  });
});
