// The CLI on hostile input: directories, binary, unreadable, empty and huge files, a diverging spec. Never a stack
// trace.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
// The module object itself (not a namespace copy), so a spy on it sees the CLI's reads.
import nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, type CliRun } from './run';

const corpus = path.resolve(__dirname, '../../../../test/fixtures/bad');

/** Diverges at step 5: identity layers with a learning rate of 50. */
const DIVERGES = `{
  "input": 1,
  "layers": [
    { "name": "hidden", "units": 2, "activation": "identity" },
    { "name": "out", "units": 1, "activation": "identity" }
  ],
  "loss": "mse",
  "optimizer": { "type": "sgd", "learningRate": 50 },
  "training": { "epochs": 100, "batchSize": 2, "shuffle": false },
  "data": { "inputs": [[1], [2]], "targets": [[1], [3]] }
}
`;

let dir: string;

/** A user error: exit 1, and neither a stack trace nor an internal error anywhere in the output. */
function userError(r: CliRun): void {
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /Internal error|\n\s+at |Error:/);
}

describe('cli robustness', () => {
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-robust-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('check on a directory says so', async () => {
    const r = await cli('check', dir);
    userError(r);
    assert.equal(r.stderr, `${dir}:1:1: error: is a directory; give the *.nn.json files in it`);
  });

  it('check on a binary file reports one error at its first NUL byte', async () => {
    const file = path.join(corpus, 'binary.nn.json');
    const r = await cli('check', file);
    userError(r);
    assert.equal(
      r.stdout,
      `${file}:2:1: error: this file is not text (it holds a NUL byte here); a spec is JSON text: is it the right file?`,
    );
  });

  it('check on a FIFO refuses it instead of blocking on the read', async () => {
    const fifo = path.join(dir, 'pipe.nn.json');
    execFileSync('mkfifo', [fifo]);
    const r = await cli('check', fifo);
    userError(r);
    assert.match(r.stderr, /pipe\.nn\.json:1:1: error: is not a regular file$/);
  });

  it('check on a path through a file says there is no such file', async () => {
    const r = await cli('check', path.join(corpus, 'empty.nn.json', 'x.nn.json'));
    userError(r);
    assert.match(r.stderr, /x\.nn\.json:1:1: error: no such file$/);
  });

  it('check on an empty file', async () => {
    const file = path.join(corpus, 'empty.nn.json');
    const r = await cli('check', file);
    userError(r);
    assert.equal(
      r.stdout,
      `${file}:1:1: error: the spec is empty; expected a JSON object with "input", "layers" and "loss"`,
    );
  });

  it('check on a 300 MB (sparse) file refuses it without reading it', async () => {
    const file = path.join(dir, 'huge.nn.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 300e6);
    const read = nodeFs.readFileSync;
    const reads: unknown[] = [];
    // Every whole-file read goes through readFileSync: none may touch the huge file.
    Object.assign(nodeFs, { readFileSync: (...args: Parameters<typeof read>) => (reads.push(args[0]), read(...args)) });
    const r = await cli('check', file).finally(() => Object.assign(nodeFs, { readFileSync: read }));
    assert.ok(!reads.includes(file), 'the file was read');
    userError(r);
    assert.equal(r.stderr, `${file}:1:1: error: is 300 MB; a spec may hold at most 10 MB`);
  });

  it('check goes on to the next file after one it cannot read', async () => {
    const r = await cli('check', dir, path.join(corpus, 'unknown-loss.nn.json'));
    userError(r);
    assert.match(r.stdout, /unknown-loss\.nn\.json:4:11: error: loss must be one of/);
  });

  it('--max-numbers sets the memory cap; a bad value is a usage error', async () => {
    const file = path.join(corpus, 'unknown-fields.nn.json');
    assert.equal((await cli('check', file)).code, 0);
    const r = await cli('check', file, '--max-numbers', '3');
    userError(r);
    assert.match(
      r.stdout,
      new RegExp(
        'unknown-fields\\.nn\\.json:4:25: error: this network needs about 99 numbers .*more than the limit of 3 .*; ' +
          'layers\\[0\\] with its 1 unit accounts for 35 of them',
      ),
    );
    assert.equal((await cli('check', file, '--max-numbers', '0')).code, 2);
    const big = await cli('train', path.join(corpus, 'too-large-layers.nn.json'));
    userError(big);
    assert.match(big.stderr, /too-large-layers\.nn\.json:4:16: error: this network needs about 181,768,418 numbers/);
  });

  it('train on a diverging spec: exit 1, the step and the layer, the last finite weights, --write refused', async () => {
    const file = path.join(dir, 'diverges.nn.json');
    fs.writeFileSync(file, DIVERGES);
    const r = await cli('train', file, '--json');
    userError(r);
    assert.match(
      r.stderr,
      new RegExp(
        `^${file.replace(/[.\\]/g, '\\$&')}:5:5: error: Training diverged at step 5 \\(epoch 5\\): .*The weights after step 4 are kept.* \\(at layers\\[1\\] "out"\\)$`,
      ),
    );
    const out = JSON.parse(r.stdout);
    assert.equal(out.steps, 4);
    assert.deepEqual([out.diverged.step, out.diverged.layer, out.diverged.where], [5, 1, 'loss']);
    // The loss at the kept weights overflows: JSON has no Infinity, so it is null, never the string "Infinity".
    assert.equal(out.loss, null);
    assert.doesNotMatch(r.stdout, /Infinity|NaN/);
    assert.ok(out.layers.every((l: { weights: number[][] }) => l.weights.flat().every(Number.isFinite)));
    const w = await cli('train', file, '--write');
    userError(w);
    assert.match(w.stderr, /error: .*diverges\.nn\.json: not writing weights: training diverged$/);
    assert.equal(fs.readFileSync(file, 'utf8'), DIVERGES);
  });

  it('step on a spec that diverges in its first step says where', async () => {
    const file = path.join(dir, 'diverges-at-once.nn.json');
    fs.writeFileSync(
      file,
      DIVERGES.replace('"learningRate": 50', '"learningRate": 1e300').replace('[[1], [3]]', '[[1e300], [3]]'),
    );
    const r = await cli('step', file);
    userError(r);
    assert.match(
      r.stderr,
      /diverges-at-once\.nn\.json:\d+:5: error: Training diverged at step 1 .*\(at layers\[\d\] "(hidden|out)"\)/,
    );
    // The report names the rows of the step that diverged, and that its update was not applied.
    assert.match(r.stdout, /step 1 on rows \[\d+(, \d+)*\]: batch loss .*; not applied: the weights stay as they were/);
    const json = await cli('step', file, '--json');
    assert.ok((JSON.parse(json.stdout) as { batch: number[] }).batch.length > 0);
  });
});
