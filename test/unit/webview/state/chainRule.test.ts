import * as assert from 'node:assert/strict';
import type { StepDetail } from '../../../../src/protocol';
import { chainRule, unitValues } from '../../../../webview/state/chainRule';

// A 2-2-1 net (tanh hidden, sigmoid + BCE output, fused) on a batch of two samples, computed by hand.
// W1 = [[0.5, -1], [1, 0.25]], b1 = [0, 0.1]; W2 = [[2, -1]], b2 = [0]; x = [1, 2] (y = 1) and [0, 1] (y = 0).
function handDetail(): { detail: StepDetail; dW1: number[][]; dW2: number[] } {
  const X = [
    [1, 2],
    [0, 1],
  ];
  const Y = [1, 0];
  const W1 = [
    [0.5, -1],
    [1, 0.25],
  ];
  const b1 = [0, 0.1];
  const W2 = [2, -1];
  const m = 2;
  const Z1 = X.map((x) => W1.map((w, j) => w[0] * x[0] + w[1] * x[1] + b1[j]));
  const A1 = Z1.map((z) => z.map(Math.tanh));
  const Z2 = A1.map((a) => W2[0] * a[0] + W2[1] * a[1]);
  const A2 = Z2.map((z) => 1 / (1 + Math.exp(-z)));
  const dZ2 = A2.map((a, s) => (a - Y[s]) / m);
  const dA1 = dZ2.map((d) => W2.map((w) => w * d));
  const dZ1 = dA1.map((d, s) => d.map((v, j) => v * (1 - A1[s][j] ** 2)));
  const dW1 = [0, 1].map((j) => [0, 1].map((i) => dZ1[0][j] * X[0][i] + dZ1[1][j] * X[1][i]));
  const dW2 = [0, 1].map((i) => dZ2[0] * A1[0][i] + dZ2[1] * A1[1][i]);
  const detail: StepDetail = {
    step: 1,
    rows: [4, 7],
    inputs: Float64Array.from(X.flat()),
    fusedOutput: true,
    layers: [
      {
        Z: Float64Array.from(Z1.flat()),
        A: Float64Array.from(A1.flat()),
        dA: Float64Array.from(dA1.flat()),
        dZ: Float64Array.from(dZ1.flat()),
      },
      { Z: Float64Array.from(Z2), A: Float64Array.from(A2), dZ: Float64Array.from(dZ2) },
    ],
  };
  return { detail, dW1, dW2 };
}

describe('webview/chainRule', () => {
  it('hidden-layer factors dJ/da · da/dz · dz/dw sum to the gradient', () => {
    const { detail, dW1 } = handDetail();
    for (const j of [0, 1])
      for (const i of [0, 1]) {
        const r = chainRule(detail, ['tanh', 'sigmoid'], { layer: 0, kind: 'weight', row: j, col: i })!;
        assert.equal(r.fused, false);
        assert.equal(r.elementwise, true);
        assert.equal(r.samples.length, 2);
        assert.ok(Math.abs(r.sum - dW1[j][i]) < 1e-12, `W1[${j}][${i}]`);
        for (const f of r.samples) {
          assert.ok(Math.abs(f.dJda! * f.dadz! - f.dJdz) < 1e-12, 'dJ/da · da/dz = dJ/dz');
          assert.equal(f.dzdw, detail.inputs[f.sample * 2 + i]);
        }
        assert.deepEqual(
          r.samples.map((f) => f.row),
          [4, 7],
        );
      }
  });

  it('a fused output layer uses dJ/dz directly and sums to the gradient', () => {
    const { detail, dW2 } = handDetail();
    const r = chainRule(detail, ['tanh', 'sigmoid'], { layer: 1, kind: 'weight', row: 0, col: 1 })!;
    assert.equal(r.fused, true);
    assert.equal(r.samples[0].dJda, undefined);
    assert.equal(r.samples[0].dadz, undefined);
    assert.ok(Math.abs(r.sum - dW2[1]) < 1e-12);
  });

  it('a bias has dz/db = 1', () => {
    const { detail } = handDetail();
    const r = chainRule(detail, ['tanh', 'sigmoid'], { layer: 1, kind: 'bias', row: 0 })!;
    assert.ok(r.samples.every((f) => f.dzdw === 1));
    assert.ok(Math.abs(r.sum - (detail.layers[1].dZ[0] + detail.layers[1].dZ[1])) < 1e-15);
  });

  it('refuses references outside the step', () => {
    const { detail } = handDetail();
    assert.equal(chainRule(detail, [], { layer: 2, kind: 'bias', row: 0 }), undefined);
    assert.equal(chainRule(detail, [], { layer: 0, kind: 'weight', row: 0, col: 2 }), undefined);
  });

  it('softmax is not element-wise: the product falls back to dJ/dz · dz/dw', () => {
    const { detail } = handDetail();
    const r = chainRule(
      {
        ...detail,
        fusedOutput: false,
        layers: [{ ...detail.layers[0] }, { ...detail.layers[1], dA: Float64Array.of(1, 1) }],
      },
      ['softmax', 'sigmoid'],
      { layer: 0, kind: 'weight', row: 0, col: 0 },
    )!;
    assert.equal(r.elementwise, false);
    assert.ok(r.samples.every((f) => f.product === f.dJdz * f.dzdw));
  });

  it('unit values per sample and as the batch mean', () => {
    const { detail } = handDetail();
    assert.deepEqual([...unitValues(detail, 0, 'A', 1)!], [0, 1]);
    assert.deepEqual([...unitValues(detail, 0, 'A', 'mean')!], [0.5, 1.5]);
    assert.equal(unitValues(detail, 0, 'Z', 0), undefined);
    assert.equal(unitValues(detail, 2, 'dA', 0), undefined, 'fused output has no dA');
    assert.equal(unitValues(detail, 1, 'A', 5), undefined);
    assert.equal(unitValues(detail, 2, 'A', 0)!.length, 1);
  });
});
