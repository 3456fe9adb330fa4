// The bad-spec corpus (test/fixtures/bad): parseSpec and `backprop check` give exactly the expected located
// diagnostics.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_TEXT_LENGTH, parseSpec } from '../../../src/netspec';
import type { Problem, SpecHost } from '../../../src/netspec';
import { nodeSpecHost } from '../../../src/node/specFiles';
import { cli } from '../cli/run';

const corpus = path.resolve(__dirname, '../../../../test/fixtures/bad');

interface Expected {
  line: number;
  column: number;
  severity: 'error' | 'warning';
  messageIncludes: string;
}

interface Expectations {
  /** What bad input the file stands for. */
  covers: string;
  problems: Expected[];
  /** Made at test time: the spec is copied to a temp workspace where this path is a symlink to a file outside it. */
  symlinkOutside?: string;
}

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-bad-'));
  tempDirs.push(dir);
  return dir;
}

/** The spec path to check: in place, or in a fresh workspace holding the symlink that leads out of it. */
function prepare(file: string, exp: Expectations): { specPath: string; workspace: string; secret?: string } {
  if (!exp.symlinkOutside) return { specPath: file, workspace: corpus };
  const outside = tempDir();
  const secret = path.join(outside, 'secret.csv');
  fs.writeFileSync(secret, 'a,b,y\nSECRET,1,0\n');
  const workspace = tempDir();
  const specPath = path.join(workspace, path.basename(file));
  fs.copyFileSync(file, specPath);
  fs.mkdirSync(path.dirname(path.join(workspace, exp.symlinkOutside)), { recursive: true });
  fs.symlinkSync(secret, path.join(workspace, exp.symlinkOutside));
  return { specPath, workspace, secret };
}

/** nodeSpecHost, recording every file it reads. */
function recordingHost(specPath: string, reads: string[]): SpecHost {
  const host = nodeSpecHost(specPath);
  return {
    ...host,
    readFile: (p) => (reads.push(p), host.readFile(p)),
    readBinary: (p) => (reads.push(p), host.readBinary(p)),
    readBytes: (p, offset, length) => (reads.push(p), host.readBytes(p, offset, length)),
  };
}

function assertProblems(actual: Problem[], expected: Expected[]): void {
  const shown = actual.map((p) => `${p.line}:${p.column} ${p.severity}: ${p.message}`).join('\n');
  assert.equal(actual.length, expected.length, `expected ${expected.length} problems, got:\n${shown}`);
  expected.forEach((e, i) => {
    const p = actual[i];
    assert.deepEqual(
      [p.line, p.column, p.severity],
      [e.line, e.column, e.severity],
      `problem ${i} (${e.messageIncludes}) got:\n${shown}`,
    );
    assert.ok(p.message.includes(e.messageIncludes), `problem ${i}: "${p.message}" lacks "${e.messageIncludes}"`);
  });
}

/**
 * `check` prints exactly one FILE:LINE:COL line per expected problem, in order, and exits 1 on errors; without errors
 * the summary line follows.
 */
async function assertCheck(specPath: string, expected: Expected[]): Promise<void> {
  const r = await cli('check', specPath);
  const failed = expected.some((e) => e.severity === 'error');
  assert.equal(r.code, failed ? 1 : 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /Internal error|\n\s+at /);
  const lines = r.stdout === '' ? [] : r.stdout.split('\n');
  if (!failed) assert.ok(lines.pop()?.startsWith(`${specPath}: ok`), r.stdout);
  assert.equal(lines.length, expected.length, r.stdout);
  expected.forEach((e, i) => {
    assert.ok(lines[i].startsWith(`${specPath}:${e.line}:${e.column}: ${e.severity}: `), lines[i]);
    assert.ok(lines[i].includes(e.messageIncludes), lines[i]);
  });
}

/** Training parses the same way: a spec with errors is refused before the first step, naming its first problem. */
async function assertTrainRefuses(specPath: string, expected: Expected[]): Promise<void> {
  const firstError = expected.find((e) => e.severity === 'error');
  if (!firstError) return;
  const t = await cli('train', specPath, '--steps', '1', '--json');
  assert.equal(t.code, 1, t.stdout + t.stderr);
  assert.equal(t.stdout, '');
  assert.ok(t.stderr.includes(firstError.messageIncludes), t.stderr);
}

describe('netspec/bad corpus (test/fixtures/bad)', () => {
  after(() => tempDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  const files = fs
    .readdirSync(corpus)
    .filter((f) => f.endsWith('.nn.json'))
    .sort();

  it('has at least 25 bad specs, each with its expectations', () => {
    assert.ok(files.length >= 25, `${files.length} files`);
    for (const f of files) assert.ok(fs.existsSync(path.join(corpus, f.replace(/\.nn\.json$/, '.expected.json'))), f);
  });

  for (const f of files) {
    const file = path.join(corpus, f);
    const exp = JSON.parse(fs.readFileSync(file.replace(/\.nn\.json$/, '.expected.json'), 'utf8')) as Expectations;
    it(`${f}: ${exp.covers}`, async () => {
      const { specPath, workspace, secret } = prepare(file, exp);
      const reads: string[] = [];
      const r = parseSpec(fs.readFileSync(specPath, 'utf8'), recordingHost(specPath, reads));
      assertProblems(r.problems, exp.problems);
      assert.equal(
        r.spec === undefined,
        exp.problems.some((p) => p.severity === 'error'),
      );
      // Nothing outside the workspace is ever read (the symlink's target included).
      const root = fs.realpathSync(workspace);
      for (const p of reads) assert.ok(fs.realpathSync(p).startsWith(root + path.sep), `read ${p}`);
      if (secret) assert.ok(!reads.includes(secret) && !r.problems.some((p) => p.message.includes('SECRET')));
      await assertCheck(specPath, exp.problems);
      await assertTrainRefuses(specPath, exp.problems);
    });
  }

  it('a generated ~100 MB spec: one error where the excess starts, from parseSpec and check', async function () {
    // Writing and reading 100 MB on a shared machine: a guard against a hang, not a speed bound.
    this.timeout(180_000);
    const dir = tempDir();
    const specPath = path.join(dir, 'huge.nn.json');
    const row = '[0.123456, 0.654321],\n';
    const rows = Math.ceil(100e6 / row.length);
    const head =
      '{\n  "input": 2,\n  "layers": [{ "units": 1, "activation": "sigmoid" }],\n  "loss": "binary-cross-entropy",\n  "data": { "targets": [], "inputs": [\n';
    fs.writeFileSync(specPath, head + row.repeat(rows) + '[0, 0]] }\n}\n');
    const text = fs.readFileSync(specPath, 'utf8');
    const r = parseSpec(text, nodeSpecHost(specPath));
    // The excess starts MAX_TEXT_LENGTH characters in: 5 header lines, then rows of row.length characters.
    const inRows = MAX_TEXT_LENGTH - head.length;
    const expected: Expected = {
      line: 6 + Math.floor(inRows / row.length),
      column: 1 + (inRows % row.length),
      severity: 'error',
      messageIncludes:
        'more than the 10 MB a spec may hold (the excess starts here); put large data sets in a CSV file',
    };
    assertProblems(r.problems, [expected]);
    await assertCheck(specPath, [expected]);
  });

  it('a generated 12 MB CSV file beyond the memory limit: refused by the estimate before it is read whole', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'big.csv'), 'a,b,y\n' + '0.25,0.75,1\n'.repeat(1_000_000));
    const specPath = path.join(dir, 'big.nn.json');
    fs.writeFileSync(
      specPath,
      fs.readFileSync(path.join(corpus, 'csv-missing.nn.json'), 'utf8').replace('data/no-such-file.csv', 'big.csv'),
    );
    const expected: Expected = {
      line: 5,
      column: 20,
      severity: 'error',
      messageIncludes: 'data.csv "big.csv" holds about 1,000,000 rows (12,000,006 bytes): about 3,000,000 numbers',
    };
    const host = nodeSpecHost(specPath);
    let wholeReads = 0;
    const counting = { ...host, readBinary: (p: string) => (wholeReads++, host.readBinary(p)) };
    const text = fs.readFileSync(specPath, 'utf8');
    assertProblems(parseSpec(text, counting, { maxNumbers: 2_000_000 }).problems, [expected]);
    assert.equal(wholeReads, 0);
    const r = await cli('check', specPath, '--max-numbers', '2000000');
    assert.equal(r.code, 1);
    assert.ok(r.stdout.startsWith(`${specPath}:5:20: error: ${expected.messageIncludes}`), r.stdout);
  });
});
