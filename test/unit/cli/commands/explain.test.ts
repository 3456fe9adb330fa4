// explain: one sample layer by layer, and a parameter's chain-rule factors, whose product is what `grads` gives.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../run';

const inputs = [
  [0.2, -1],
  [0.7, 0.4],
  [-0.5, 0.9],
];

function specText(data: number[][], targets: number[][]): string {
  return JSON.stringify(
    {
      seed: 9,
      input: 2,
      layers: [
        { name: 'hidden', units: 3, activation: 'tanh' },
        { name: 'out', units: 2, activation: 'sigmoid' },
      ],
      loss: 'mse',
      training: { l2: 0.01 },
      data: { inputs: data, targets },
    },
    null,
    2,
  );
}

const TARGETS = [
  [0, 1],
  [1, 1],
  [1, 0],
];

interface Explained {
  row: number;
  split: string;
  loss: number;
  layers: { name: string; z: number[]; a: number[]; dJda?: number[]; dJdz: number[] }[];
  param: {
    path: string;
    factors: { label: string; value: number }[];
    product: number;
    l2: number;
    chain: number;
    backprop: number;
  };
}

let dir: string;

describe('cli/commands/explain', () => {
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-explain-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a parameter's chain-rule product equals what grads gives for that sample alone", async () => {
    const file = path.join(dir, 'net.nn.json');
    fs.writeFileSync(file, specText(inputs, TARGETS));
    for (let row = 0; row < inputs.length; row++) {
      // The same network with only this sample as its data: `grads` over it is the sample's gradient.
      const alone = path.join(dir, `row${row}.nn.json`);
      fs.writeFileSync(alone, specText([inputs[row]], [TARGETS[row]]));
      const grads = JSON.parse((await cli('grads', alone, '--json')).stdout) as {
        loss: number;
        layers: { dW: number[][]; db: number[] }[];
      };
      for (const [param, expected] of [
        ['hidden.weights[2][1]', grads.layers[0].dW[2][1]],
        ['hidden.biases[1]', grads.layers[0].db[1]],
        ['out.weights[1][0]', grads.layers[1].dW[1][0]],
        ['layers[1].biases[0]', grads.layers[1].db[0]],
      ] as const) {
        const r = await cli('explain', file, '--row', String(row), '--param', param, '--json');
        assert.equal(r.code, 0, r.stderr);
        const e = JSON.parse(r.stdout) as Explained;
        assert.equal(e.loss, grads.loss);
        assert.equal(e.param.backprop, expected, `${param}, row ${row}`);
        // Tolerance none: the factors are multiplied in the order backprop multiplies them.
        assert.ok(e.param.chain === expected, `${param}, row ${row}: ${e.param.chain} vs ${expected}`);
        assert.equal(
          e.param.product,
          e.param.factors.reduce((p, f) => p * f.value, 1),
        );
      }
    }
  });

  it('prints each layer as a table of z, a, ∂J/∂a and ∂J/∂z, and the factors with their product', async () => {
    const file = path.join(dir, 'net.nn.json');
    const r = await cli('explain', file, '--row', '1', '--param', 'hidden.weights[0][1]');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /: row 1 \(a training row\) at the spec's weights; inputs \[0\.7, 0\.4\], targets \[1, 1\]; mse of this row J = /,
    );
    assert.match(r.stdout, /^unit\s+z\s+a\s+∂J\/∂a\s+∂J\/∂z$/m);
    assert.match(r.stdout, /^hidden\.weights\[0\]\[1\] = .*: ∂J\/∂w by the chain rule$/m);
    assert.match(r.stdout, /^\s+-?[\d.e-]+\s+∂J\/∂a of hidden\[0\] = Σᵢ out\.weights\[i\]\[0\] · ∂J\/∂z of out\[i\]$/m);
    assert.match(r.stdout, /^\s+×\s+[\d.e-]+\s+tanh′\(z\) at z = /m);
    assert.match(r.stdout, /^\s+×\s+0\.4\s+input\[1\]$/m);
    assert.match(r.stdout, /^\s+\+ λ·w = .* \(the L2 term\)$/m);
    assert.match(r.stdout, /what `grads` gives over it\): .* \(equal\)$/m);
  });

  it('a row or parameter that does not exist is a usage error saying what does', async () => {
    const file = path.join(dir, 'net.nn.json');
    const cases: [string[], RegExp][] = [
      [['--row', '3'], /--row 3: the data has 3 rows \(0\.\.2\)/],
      [['--row', '-1'], /option '--row <n>' argument '-1' is invalid/],
      [
        ['--param', 'hiden.weights[0][0]'],
        /--param "hiden\.weights\[0\]\[0\]": there is no layer "hiden"; the layers are hidden/,
      ],
      [['--param', 'out.weights[2][0]'], /out\.weights is \[2\]\[3\]/],
    ];
    for (const [args, message] of cases) {
      const r = await cli('explain', file, ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });
});
