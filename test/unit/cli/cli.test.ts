import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ACTIVATION_TABLE } from '../../../src/engine/activations';
import { parseSpec } from '../../../src/netspec';
import { nodeSpecHost } from '../../../src/node/specFiles';
import { cli } from './run';

const SPEC = `{
  // A tiny classifier; weights of the first layer are written out, the output layer's are drawn from the seed.
  "name": "tiny",
  "seed": 3,
  "input": 2,
  "layers": [
    { "name": "hidden", "units": 3, "activation": "tanh",
      "weights": [[0.5, -0.4], [0.3, 0.8], [-0.6, 0.1]] },
    { "name": "out", "units": 1, "activation": "sigmoid" },
  ],
  "loss": "binary-cross-entropy",
  "optimizer": { "type": "adam", "learningRate": 0.05 },
  "training": { "epochs": 30, "batchSize": 2, "shuffle": true },
  "data": { "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [[0], [1], [1], [0]] }
}
`;

const tempDirs: string[] = [];

function tempSpec(text = SPEC): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-cli-'));
  tempDirs.push(dir);
  const file = path.join(dir, 'tiny.nn.json');
  fs.writeFileSync(file, text);
  return file;
}

describe('cli', () => {
  after(() => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('check prints one summary line and exits 0 for a valid spec', async () => {
    const file = tempSpec();
    const r = await cli('check', file);
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      `${file}: ok: 2-3-1 network, 13 parameters, loss binary-cross-entropy (mean over outputs), 4 rows of inline data`,
    );
  });

  it('check prints FILE:LINE:COL: error: lines and exits 1', async () => {
    const file = tempSpec(SPEC.replace('[0.3, 0.8]', '[0.3, 0.8, 0.9]').replace('"tanh"', '"tanhh"'));
    const r = await cli('check', file);
    assert.equal(r.code, 1);
    const lines = r.stdout.split('\n');
    assert.ok(
      lines.some(
        (l) => l.startsWith(`${file}:8:`) && l.includes(': error: ') && /weights\[1\] has 3 values, expected 2/.test(l),
      ),
      r.stdout,
    );
    assert.ok(
      lines.some((l) => l.startsWith(`${file}:7:`) && l.includes('tanhh')),
      r.stdout,
    );
  });

  it('check reports a missing file as an error line', async () => {
    const r = await cli('check', '/nonexistent/x.nn.json');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /x\.nn\.json:1:1: error: no such file/);
  });

  it('commands refuse a spec with errors, naming them', async () => {
    const file = tempSpec(SPEC.replace('"units": 3', '"units": -3'));
    const r = await cli('train', file, '--steps', '1');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error/);
  });

  it('usage errors exit 2 with help', async () => {
    assert.equal((await cli('train')).code, 2);
    assert.equal((await cli('train', tempSpec(), '--steps', 'abc')).code, 2);
    assert.equal((await cli('train', tempSpec(), '--precision', 'float16')).code, 2);
    assert.equal((await cli('frobnicate')).code, 2);
    assert.equal((await cli('--help')).code, 0);
  });

  it('train is deterministic: weights drawn from the seed, shuffled from the seed', async () => {
    const file = tempSpec();
    const a = await cli('train', file, '--json');
    const b = await cli('train', file, '--json');
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    const out = JSON.parse(a.stdout);
    assert.equal(out.steps, 30 * 2);
    assert.ok(out.loss < 0.69);
  });

  it('train --epochs and --precision float32', async () => {
    const r = await cli('train', tempSpec(), '--epochs', '3', '--precision', 'float32', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).steps, 6);
  });

  it('train --write puts the exact trained weights into the spec, keeping comments', async () => {
    const file = tempSpec();
    const r = await cli('train', file, '--steps', '7', '--write', '--json');
    assert.equal(r.code, 0, r.stderr);
    const trained = JSON.parse(r.stdout);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /\/\/ A tiny classifier/);
    const { spec } = parseSpec(text, nodeSpecHost(file));
    assert.ok(spec);
    spec.model.layers.forEach((l, i) => {
      assert.deepEqual(l.weights, trained.layers[i].weights);
      assert.deepEqual(l.biases, trained.layers[i].biases);
    });
    // Training on from the written weights starts where the last run ended.
    const g = await cli('grads', file, '--json');
    assert.ok(Math.abs(JSON.parse(g.stdout).loss - trained.loss) < 1e-12);
  });

  it('step --json gives the batch, losses before and after, gradients and new weights', async () => {
    const file = tempSpec();
    const r = await cli('step', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.step, 1);
    assert.equal(s.batch.length, 2);
    assert.equal(s.lossBefore, JSON.parse((await cli('grads', file, '--json')).stdout).loss);
    assert.ok(Number.isFinite(s.lossAfter) && s.lossAfter !== s.lossBefore);
    assert.notDeepEqual(s.layers[0].weights, [
      [0.5, -0.4],
      [0.3, 0.8],
      [-0.6, 0.1],
    ]);
    assert.deepEqual(new Set(Object.keys(s.layers[0])), new Set(['name', 'dW', 'db', 'weights', 'biases']));
    assert.equal(s.layers[0].dW.length, 3);
  });

  it('grads prints a readable table without --json', async () => {
    const r = await cli('grads', tempSpec());
    assert.equal(r.code, 0);
    assert.match(r.stdout, /hidden {2}dJ\/dW \[3×2\]/);
  });

  it('gradcheck: good verdict exits 0; --sample, --fast and --json work', async () => {
    const file = tempSpec();
    const r = await cli('gradcheck', file);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /verdict: GOOD/);
    const j = JSON.parse((await cli('gradcheck', file, '--json', '--sample', '4')).stdout);
    assert.equal(j.checked, 4);
    assert.equal(j.total, 13);
    assert.equal(j.rows.length, 4);
    const f = JSON.parse((await cli('gradcheck', file, '--fast', '--directions', '2', '--json')).stdout);
    assert.equal(f.directions.length, 2);
    assert.equal(f.verdict, 'good');
  });

  it('gradcheck exits 1 on a wrong gradient and locates mismatches in the file', async () => {
    const file = tempSpec();
    const tanh = ACTIVATION_TABLE.tanh;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- table entries use no `this`
    const original = tanh.backward;
    tanh.backward = (k, z, a, da, dz, rows, cols) => {
      original(k, z, a, da, dz, rows, cols);
      dz.forEach((v, i) => (dz[i] = -v));
    };
    try {
      const r = await cli('gradcheck', file);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /verdict: WRONG/);
      // hidden.weights[1][0] is the 0.3 on line 8, column 33.
      assert.ok(
        r.stderr
          .split('\n')
          .some((l) => l.startsWith(`${file}:8:33: warning: gradient mismatch at hidden.weights[1][0]`)),
        r.stderr,
      );
    } finally {
      tanh.backward = original;
    }
  });

  it('dist/cli.js (built before the unit tests) runs as an executable with a shebang', () => {
    const bin = path.join(__dirname, '../../../../dist/cli.js');
    assert.ok(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node'));
    const out = execFileSync(bin, ['train', tempSpec(), '--steps', '3', '--json'], { encoding: 'utf8' });
    assert.equal(JSON.parse(out).steps, 3);
    const bad = spawnSync(bin, ['check', tempSpec('{')], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
  });
});
