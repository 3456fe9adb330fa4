import * as assert from 'node:assert/strict';
import type { GradCheckInfo, GradCheckRowInfo } from '../../../../src/protocol';
import { checkDiagnostics, divergenceDiagnostic } from '../../../../src/extension/editor/trainingDiagnostics';
import { example } from '../helpers';

function row(ref: GradCheckRowInfo['ref'], path: string, mismatch: boolean): GradCheckRowInfo {
  return {
    ref,
    path,
    analytic: 0.1,
    numeric: mismatch ? 0.2 : 0.1,
    absError: 0,
    relError: mismatch ? 0.33 : 0,
    mismatch,
    kink: false,
  };
}

function check(rows: GradCheckRowInfo[]): GradCheckInfo {
  return {
    loss: 1,
    eps: 1e-6,
    checked: rows.length,
    total: 13,
    overallError: 0.1,
    verdict: 'wrong',
    mismatches: rows.filter((r) => r.mismatch).length,
    kinks: 0,
    rows,
  };
}

describe('extension/trainingDiagnostics', () => {
  const { text } = example('xor.nn.json');

  it('puts a warning on each mismatching weight written in the spec, none on good ones', () => {
    const ds = checkDiagnostics(
      text,
      check([
        row({ layer: 0, kind: 'weight', row: 1, col: 1 }, 'hidden.weights[1][1]', true),
        row({ layer: 0, kind: 'bias', row: 0 }, 'hidden.biases[0]', false),
      ]),
    );
    assert.equal(ds.length, 1);
    assert.equal(text.slice(ds[0].offset, ds[0].offset + ds[0].length), '0.8');
    assert.equal(ds[0].severity, 'warning');
    assert.match(ds[0].message, /hidden\.weights\[1\]\[1\]: backprop 0\.1 vs numerical 0\.2/);
  });

  it('groups mismatches of a layer without written weights on the layer', () => {
    const tiny = '{ "input": 2, "layers": [ { "name": "h", "units": 2 } ] }';
    const ds = checkDiagnostics(
      tiny,
      check([
        row({ layer: 0, kind: 'weight', row: 0, col: 0 }, 'h.weights[0][0]', true),
        row({ layer: 0, kind: 'weight', row: 1, col: 0 }, 'h.weights[1][0]', true),
      ]),
    );
    assert.equal(ds.length, 1);
    assert.equal(tiny.slice(ds[0].offset, ds[0].offset + ds[0].length), '{ "name": "h", "units": 2 }');
    assert.match(ds[0].message, /mismatches \(2\)/);
  });

  it('puts divergence on the layer where it began', () => {
    const d = divergenceDiagnostic(text, {
      step: 3,
      epoch: 3,
      layer: 1,
      layerName: 'output',
      where: 'activation',
      message: 'z is Infinity',
    })!;
    assert.equal(d.severity, 'error');
    assert.ok(text.slice(d.offset, d.offset + d.length).includes('"name": "output"'));
    assert.equal(d.message, 'z is Infinity (first non-finite activation in layer "output")');
  });
});
