// The bad-model corpus (test/fixtures/interop/bad) through `backprop import`: each file fails with its message,
// naming what and where, exit code 1, and nothing written.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../cli/run';

const corpus = path.resolve(__dirname, '../../../../test/fixtures/interop/bad');

interface Expected {
  covers: string;
  /** Extra arguments after the model file (paths relative to the corpus folder). */
  args: string[];
  /** The message after `error: FILE: ` (a prefix when it ends the message early). */
  stderr: string;
}

/** Every file in a folder tree with its contents, to see that nothing changed. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) files.set(path.join(e.parentPath, e.name), fs.readFileSync(path.join(e.parentPath, e.name), 'hex'));
  return files;
}

describe('interop: the bad-model corpus through `backprop import`', () => {
  let out: string;
  before(() => (out = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-badmodels-'))));
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  const models = fs.readdirSync(corpus).filter((f) => /\.(onnx|safetensors)$/.test(f));
  it('holds a file for every kind of bad input the issue names', () => {
    assert.ok(models.length >= 14, models.join(', '));
  });

  for (const name of models) {
    const expected = JSON.parse(fs.readFileSync(path.join(corpus, `${name}.expected.json`), 'utf8')) as Expected;
    it(`${name}: ${expected.covers}`, async () => {
      const file = path.join(corpus, name);
      const args = expected.args.map((a) => (a.startsWith('..') ? path.join(corpus, a) : a));
      const target = path.join(out, `${name}.nn.json`);
      const before = snapshot(path.dirname(corpus));
      const r = await cli('import', file, ...(args.length > 0 ? args : ['-o', target]));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.ok(
        r.stderr.startsWith(`error: ${file}: ${expected.stderr}`),
        `expected "error: ${file}: ${expected.stderr}…", got\n${r.stderr}`,
      );
      assert.doesNotMatch(r.stderr, /Internal error|\n\s+at /);
      assert.equal(r.stdout, '');
      assert.deepEqual(snapshot(path.dirname(corpus)), before, 'the fixtures are unchanged');
      assert.deepEqual(fs.readdirSync(out), [], 'nothing was written');
    });
  }
});
