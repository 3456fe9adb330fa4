// eval: loss per split, accuracy and confusion matrix for classifiers, R² and MAE for regression.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../run';

const examples = path.resolve(__dirname, '../../../../../examples');

let dir: string;

function spec(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const rows = Array.from({ length: 20 }, (_, i) => [Math.sin(i) * 2, Math.cos(i * 1.7)]);

interface Split {
  rows: number;
  loss: number;
  metrics: {
    task: string;
    accuracy?: number;
    confusion?: number[][];
    r2?: number | null;
    mae?: number;
    outputs?: { r2: number | null; mae: number }[];
  };
}

describe('cli/commands/eval', () => {
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-eval-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a classifier: loss per split (the training loss grads reports), accuracy and confusion matrix', async () => {
    const file = spec(
      'three.nn.json',
      JSON.stringify({
        seed: 3,
        input: 2,
        layers: [
          { name: 'h', units: 5, activation: 'tanh' },
          { name: 'out', units: 3, activation: 'softmax' },
        ],
        loss: 'cross-entropy',
        training: { validationSplit: 0.25 },
        data: { inputs: rows, labels: rows.map(([a, b]) => (a > 0.5 ? 0 : b > 0 ? 1 : 2)) },
      }),
    );
    const r = await cli('eval', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { task: string; classes: string[]; splits: Record<string, Split> };
    assert.equal(out.task, 'multiclass');
    assert.deepEqual(out.classes, ['0', '1', '2']);
    assert.deepEqual(Object.keys(out.splits), ['training', 'validation']);
    assert.deepEqual([out.splits.training.rows, out.splits.validation.rows], [15, 5]);
    const grads = JSON.parse((await cli('grads', file, '--json')).stdout) as { loss: number };
    assert.equal(out.splits.training.loss, grads.loss);
    for (const s of Object.values(out.splits)) {
      const m = s.metrics;
      assert.equal(
        m.confusion!.flat().reduce((a, b) => a + b),
        s.rows,
      );
      assert.equal(m.accuracy, m.confusion!.reduce((a, row, i) => a + row[i], 0) / s.rows);
    }
    const text = await cli('eval', file);
    assert.match(text.stdout, /split\s+rows\s+loss\s+accuracy/);
    assert.match(text.stdout, /confusion matrix, validation rows \(row: true class, column: predicted\)/);
  });

  it('the iris example after training: species names label the matrix; nearly every flower is right', async () => {
    fs.cpSync(examples, path.join(dir, 'examples'), { recursive: true });
    const iris = path.join(dir, 'examples', 'iris.nn.json');
    assert.equal((await cli('train', iris, '--write')).code, 0);
    const r = await cli('eval', iris);
    assert.match(r.stdout, /true \\ predicted\s+setosa\s+versicolor\s+virginica/);
    assert.match(r.stdout, /^setosa\s+50\s+0\s+0$/m);
    const out = JSON.parse((await cli('eval', iris, '--json')).stdout) as { splits: { training: Split } };
    assert.ok(out.splits.training.metrics.accuracy! > 0.95);
  });

  it('a regression: R² and MAE, agreeing with the outputs predict gives; R² of constant targets is null', async () => {
    const targets = rows.map(([a, b]) => [a - b, 1]);
    const file = spec(
      'reg.nn.json',
      JSON.stringify({
        seed: 1,
        input: 2,
        layers: [
          { name: 'h', units: 4, activation: 'tanh' },
          { name: 'out', units: 2, activation: 'identity' },
        ],
        loss: 'mse',
        data: { inputs: rows, targets },
      }),
    );
    const r = await cli('eval', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    const m = (JSON.parse(r.stdout) as { splits: { training: Split } }).splits.training.metrics;
    assert.ok(m.outputs);
    const args = rows.flatMap((x) => ['--input', x.join(',')]);
    const predicted = (
      JSON.parse((await cli('predict', file, ...args, '--json')).stdout) as {
        rows: { outputs: number[] }[];
      }
    ).rows.map((p) => p.outputs);
    const y = targets.map((t) => t[0]);
    const yhat = predicted.map((o) => o[0]);
    const mean = y.reduce((a, b) => a + b) / y.length;
    const res = y.reduce((s, v, i) => s + (yhat[i] - v) ** 2, 0);
    const tot = y.reduce((s, v) => s + (v - mean) ** 2, 0);
    assert.ok(Math.abs(m.outputs[0].r2! - (1 - res / tot)) < 1e-12);
    assert.ok(Math.abs(m.outputs[0].mae - y.reduce((s, v, i) => s + Math.abs(yhat[i] - v), 0) / y.length) < 1e-12);
    assert.equal(m.outputs[1].r2, null, 'constant targets: no variance to explain');
    assert.equal(m.r2, null);
    assert.doesNotMatch(r.stdout, /NaN|Infinity/);
    const text = await cli('eval', file);
    assert.match(text.stdout, /split\s+rows\s+loss\s+R²\s+MAE/);
    assert.match(text.stdout, /R² is undefined \(NaN\) where every target of an output is the same/);
  });
});
