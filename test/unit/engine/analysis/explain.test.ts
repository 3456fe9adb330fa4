import * as assert from 'node:assert/strict';
import {
  chainOf,
  evaluateObjective,
  Network,
  ParamLayout,
  refOfPath,
  traceSample,
  type ActivationName,
  type LossName,
} from '../../../../src/engine';
import { makeModel, randomData } from '../models';

const CASES: { hidden: ActivationName[]; output: ActivationName; units: number; loss: LossName; l2: number }[] = [
  { hidden: ['tanh', 'relu'], output: 'sigmoid', units: 1, loss: 'binary-cross-entropy', l2: 0 },
  { hidden: ['sigmoid'], output: 'softmax', units: 3, loss: 'cross-entropy', l2: 0.01 },
  { hidden: ['leaky-relu', 'elu'], output: 'identity', units: 2, loss: 'mse', l2: 0 },
  { hidden: ['gelu', 'softplus'], output: 'tanh', units: 2, loss: 'mse', l2: 0.1 },
  { hidden: ['tanh'], output: 'sigmoid', units: 2, loss: 'mse', l2: 0 },
];

describe('engine/analysis/explain', () => {
  for (const c of CASES) {
    const name = `${[...c.hidden, c.output].join('-')} with ${c.loss}${c.l2 ? `, L2 ${c.l2}` : ''}`;
    it(`${name}: every parameter's chain-rule product equals backprop's gradient for the sample`, () => {
      const model = makeModel({
        hidden: c.hidden.map((activation) => ({ units: 4, activation })),
        output: { units: c.units, activation: c.output },
        loss: c.loss,
        l2: c.l2,
      });
      const data = randomData(model, 9);
      const layout = new ParamLayout(model);
      for (const row of [0, 4, 8]) {
        const trace = traceSample(model, data, row);
        // The gradient backprop gives over this one row, computed afresh (what `grads` on it gives).
        const net = new Network(model, 'float64');
        assert.equal(trace.loss, evaluateObjective(net, data, [row], c.l2, true));
        assert.deepEqual(trace.gradient, Float64Array.from(net.grads));
        for (let i = 0; i < layout.size; i++) {
          const chain = chainOf(trace, model, layout, layout.refAt(i)!);
          assert.equal(chain.backprop, net.grads[i]);
          // Tolerance none: the factors multiplied left to right are the engine's own order, so the product is exact
          // (=== rather than Object.is: a dead relu's 0 may carry the other sign, as the engine's sums drop it).
          assert.ok(chain.chain === chain.backprop, `${chain.path}: ${chain.chain} vs ${chain.backprop}`);
          assert.equal(
            chain.product,
            chain.factors.reduce((p, f) => p * f.value, 1),
          );
        }
      }
    });
  }

  it("traces every layer: z = W·a_prev + b, a = f(z), and a bias's gradient is its unit's dJ/dz", () => {
    const model = makeModel({ hidden: [{ units: 3, activation: 'tanh' }], input: 2 });
    const data = randomData(model, 4);
    const trace = traceSample(model, data, 2);
    const layout = new ParamLayout(model);
    const [hidden, out] = trace.layers;
    const W = (l: number, r: number, c: number): number =>
      trace.params[layout.indexOf({ layer: l, kind: 'weight', row: r, col: c })];
    const b = (l: number, r: number): number => trace.params[layout.indexOf({ layer: l, kind: 'bias', row: r })];
    assert.deepEqual(trace.inputs, Array.from(data.inputs.subarray(4, 6)));
    hidden.z.forEach((z, j) => {
      assert.ok(Math.abs(z - (W(0, j, 0) * trace.inputs[0] + W(0, j, 1) * trace.inputs[1] + b(0, j))) < 1e-15);
      assert.ok(Math.abs(hidden.a[j] - Math.tanh(z)) < 1e-15);
      assert.equal(trace.gradient[layout.indexOf({ layer: 0, kind: 'bias', row: j })], hidden.dJdz[j]);
    });
    // The sigmoid output is fused with binary cross-entropy: dJ/dz = a − y, no dJ/da.
    assert.equal(out.dJda, undefined);
    assert.equal(out.dJdz[0], out.a[0] - trace.targets[0]);
    const chain = chainOf(trace, model, layout, { layer: 0, kind: 'weight', row: 1, col: 0 });
    assert.deepEqual(
      chain.factors.map((f) => f.label),
      ['∂J/∂a of l1[1] = Σᵢ l2.weights[i][1] · ∂J/∂z of l2[i]', `tanh′(z) at z = ${hidden.z[1]}`, 'input[0]'],
    );
    assert.equal(chain.factors[0].value, hidden.dJda?.[1]);
    assert.ok(Math.abs(chain.factors[1].value - (1 - hidden.a[1] ** 2)) < 1e-15);
  });

  it('finds a parameter by the path gradcheck prints or by layer index, and says what exists otherwise', () => {
    const layout = new ParamLayout(makeModel({ hidden: [{ units: 3, activation: 'tanh' }], input: 2 }));
    for (let i = 0; i < layout.size; i++)
      assert.deepEqual(refOfPath(layout, layout.pathOf(layout.refAt(i)!)), layout.refAt(i)!);
    assert.deepEqual(refOfPath(layout, 'layers[1].biases[0]'), { layer: 1, kind: 'bias', row: 0 });
    assert.deepEqual(refOfPath(layout, ' l1.weights[2][1] '), { layer: 0, kind: 'weight', row: 2, col: 1 });
    const errors: [string, RegExp][] = [
      ['hidden.weights[0][0]', /no layer "hidden"; the layers are l1 \(weights \[3\]\[2\], biases \[3\]\), l2/],
      ['layers[5].biases[0]', /no layer \[5\]/],
      ['l1.weights[3][0]', /l1\.weights is \[3\]\[2\] \(unit 0\.\.2, input 0\.\.1\)/],
      ['l1.weights[0]', /weights have two indices/],
      ['l1.biases[0][0]', /biases have one index/],
      ['l2.biases[1]', /l2 has 1 biases/],
      ['l1.w[0][0]', /not a parameter path like l1\.weights\[0\]\[0\]/],
    ];
    for (const [path, message] of errors) {
      const r = refOfPath(layout, path);
      assert.ok(typeof r === 'string', path);
      assert.match(r, message);
    }
  });
});
