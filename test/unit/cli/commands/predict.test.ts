// predict: outputs and classes for --input rows or a CSV, normalized as the training data was; located bad input.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../run';

const examples = path.resolve(__dirname, '../../../../../examples');

interface Predicted {
  normalize: string;
  rows: { inputs: number[]; outputs: number[]; class?: number | number[]; className?: string }[];
}

let dir: string;
let iris: string;

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The network's outputs for data row `row` as explain computes them (from the loaded, normalized data). */
async function explained(spec: string, row: number): Promise<number[]> {
  const r = JSON.parse((await cli('explain', spec, '--row', String(row), '--json')).stdout) as {
    layers: { a: number[] }[];
  };
  return r.layers[r.layers.length - 1].a;
}

describe('cli/commands/predict', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-predict-'));
    fs.cpSync(examples, path.join(dir, 'examples'), { recursive: true });
    iris = path.join(dir, 'examples', 'iris.nn.json');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("standardizes raw CSV-unit inputs with the training data's statistics, as training did", async () => {
    await cli('train', iris, '--write');
    // Row 0 of data/iris.csv is 5.1,3.5,1.4,0.2 (setosa); row 100 is 6.3,3.3,6,2.5 (virginica).
    const r = await cli('predict', iris, '--input', '5.1,3.5,1.4,0.2', '--input', '6.3, 3.3, 6, 2.5', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        "inputs standardized with the training data's per-column mean and standard deviation " +
          '\\(data\\.normalize "standard"\\), as in training',
      ),
    );
    const p = JSON.parse(r.stdout) as Predicted;
    assert.equal(p.normalize, 'standard');
    assert.deepEqual(p.rows[0].inputs, [5.1, 3.5, 1.4, 0.2], 'the inputs as given');
    assert.deepEqual(p.rows[0].outputs, await explained(iris, 0));
    assert.deepEqual(p.rows[1].outputs, await explained(iris, 100));
    assert.deepEqual(
      p.rows.map((x) => [x.class, x.className]),
      [
        [0, 'setosa'],
        [2, 'virginica'],
      ],
    );
  });

  it('--csv: the training file itself (its input columns picked by name), or a headerless file of inputs', async () => {
    const named = await cli('predict', iris, '--csv', path.join(dir, 'examples', 'data', 'iris.csv'), '--json');
    assert.equal(named.code, 0, named.stderr);
    const rows = (JSON.parse(named.stdout) as Predicted).rows;
    assert.equal(rows.length, 150);
    for (const i of [0, 57, 149]) assert.deepEqual(rows[i].outputs, await explained(iris, i));
    const bare = write('bare.csv', '5.1,3.5,1.4,0.2\n\n6.3,3.3,6,2.5\n');
    const b = JSON.parse((await cli('predict', iris, '--csv', bare, '--json')).stdout) as Predicted;
    assert.deepEqual(
      b.rows.map((x) => x.outputs),
      [rows[0].outputs, rows[100].outputs],
    );
    const table = await cli('predict', iris, '--csv', bare);
    assert.match(table.stdout, /^row\s+inputs\s+outputs\s+class$/m);
    assert.match(table.stdout, /^0\s+5\.1, 3\.5, 1\.4, 0\.2\s+.*setosa$/m);
  });

  it('a binary classifier gives 0/1 per row; a regression has no class; inline data is not rescaled', async () => {
    const xor = path.join(dir, 'examples', 'xor.nn.json');
    const r = JSON.parse((await cli('predict', xor, '--input', '0,1', '--json')).stdout) as Predicted;
    assert.equal(r.normalize, 'none');
    assert.deepEqual(r.rows[0].outputs, await explained(xor, 1));
    assert.equal(r.rows[0].class, r.rows[0].outputs[0] >= 0.5 ? 1 : 0);
    const reg = path.join(dir, 'examples', 'regression.nn.json');
    const g = await cli('predict', reg, '--input', '0.5');
    assert.match(g.stdout, /^row\s+inputs\s+outputs$/m);
    assert.equal(g.stderr, '');
  });

  it('bad inputs are usage errors or located messages', async () => {
    const cases: [string[], number, RegExp][] = [
      [[], 2, /give the inputs with --input "x1,x2,…" \(repeatable\) or --csv FILE/],
      [['--input', '1,2,3,4', '--csv', 'x.csv'], 2, /option '--csv <file>' cannot be used with option '--input/],
      [
        ['--input', '1,2'],
        2,
        /--input "1,2" has 2 values; the network takes 4 \(sepal length, sepal width, petal length, petal width\)/,
      ],
      [['--input', '1,2,x,4'], 2, /--input "1,2,x,4": "x" is not a finite number/],
      [['--input', '1,,3,4'], 2, /--input "1,,3,4": a value is missing/],
      [['--input', '1,2,3,1e999'], 2, /"1e999" is not a finite number/],
      [['--csv', path.join(dir, 'none.csv')], 1, /none\.csv: no such file/],
      [
        ['--csv', write('wide.csv', '1,2,3\n4,5,6\n')],
        1,
        /wide\.csv: has 3 columns; the network takes 4 inputs \(a header naming "sepal_length", .* picks them\)/,
      ],
      [
        ['--csv', write('cell.csv', 'sepal_length,sepal_width,petal_length,petal_width\n1,2,3,4\n1,2,abc,4\n')],
        1,
        /cell\.csv: line 3, column "petal_length": "abc" is not a finite number/,
      ],
      [['--csv', write('empty.csv', '')], 1, /empty\.csv: is empty/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli('predict', iris, ...args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /Internal error|\n\s+at /);
    }
  });
});
