// gradcheck: options that do nothing are refused, a long check estimates its time, and Ctrl+C reports the part done.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { estimateNote } from '../../../../src/cli/commands/gradcheck';
import { runCli } from '../../../../src/cli/main';
import { cli, cliWith } from '../run';

const SMALL = `{
  "input": 2,
  "layers": [{ "name": "hidden", "units": 3, "activation": "tanh" }, { "name": "out", "units": 1, "activation": "sigmoid" }],
  "loss": "binary-cross-entropy",
  "data": { "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [[0], [1], [1], [0]] }
}`;

/** 17,283 parameters over 1,500 rows: minutes for a full check on any machine. */
const LARGE = `{
  "input": 2,
  "layers": [
    { "name": "h1", "units": 128, "activation": "tanh" },
    { "name": "h2", "units": 128, "activation": "tanh" },
    { "name": "out", "units": 3, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "data": { "generator": "spiral", "samples": 1500 }
}`;

let dir: string;

describe('cli/commands/gradcheck', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-gradcheck-'));
    fs.writeFileSync(path.join(dir, 'small.nn.json'), SMALL);
    fs.writeFileSync(path.join(dir, 'large.nn.json'), LARGE);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('options with no effect in the combination are usage errors (exit 2)', async () => {
    const file = path.join(dir, 'small.nn.json');
    const cases: [string[], RegExp][] = [
      [['--directions', '2'], /--directions has no effect without --fast/],
      [['--fast', '--sample', '3'], /option '--sample <n>' cannot be used with option '--fast'/],
      [['--fast', '--limit', '3'], /--limit has no effect with --fast/],
      [['--json', '--limit', '3'], /--limit has no effect with --json/],
    ];
    for (const [args, message] of cases) {
      const r = await cli('gradcheck', file, ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.equal((await cli('gradcheck', file, '--fast', '--directions', '2')).code, 0);
    assert.equal((await cli('gradcheck', file, '--sample', '3', '--limit', '2')).code, 0);
  });

  it('estimates the time of what is left: quiet under 1 s, and past 10 s suggests --fast or --sample', () => {
    const run = (planned: number, checked = 2) => ({ planned, checked, total: planned });
    assert.equal(estimateNote(run(13), 0.01, false), undefined);
    assert.equal(estimateNote(run(302), 0.01, false), 'checking 302 parameters will take about 3 s');
    assert.equal(
      estimateNote(run(91_500), 0.002, false),
      'checking 91,500 parameters will take about 3 min 3 s, more than 10 s; --fast (3 random directions, about ' +
        '0.1 s) or --sample 2500 (about 5 s) answer sooner. Ctrl+C stops and reports the parameters checked so far',
    );
    assert.match(estimateNote(run(5000), 0.01, true) ?? '', /about 50 s, more than 10 s \(--fast checks along 3/);
  });

  it('Ctrl+C during a long check reports the parameters checked so far and exits 130', async () => {
    const abort = new AbortController();
    let note = '';
    const r = await cliWith(
      {
        interrupt: abort.signal,
        onErr: (line) => {
          if (/will take about/.test(line)) {
            note = line;
            abort.abort();
          }
        },
      },
      ...['gradcheck', path.join(dir, 'large.nn.json'), '--limit', '3'],
    );
    assert.equal(r.code, 130, r.stderr);
    assert.match(note, /large\.nn\.json: checking 17,283 parameters will take about .*, more than 10 s; --fast/);
    const stopped = /stopped after (\d+) of 17,283 parameters; the verdict covers only those/.exec(r.stderr);
    assert.ok(stopped, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`verdict: GOOD, .*: 0 mismatches, ${stopped[1]} of 17283 parameters checked \\(interrupted\\)`),
    );
    assert.equal(r.stdout.split('\n').filter((l) => /^h[12]\.|^out\./.test(l)).length, Math.min(3, Number(stopped[1])));
  });

  it('an interrupted --json report says so', async () => {
    const abort = new AbortController();
    const r = await cliWith(
      { interrupt: abort.signal, onErr: (line) => /will take about/.test(line) && abort.abort() },
      ...['gradcheck', path.join(dir, 'large.nn.json'), '--json'],
    );
    assert.equal(r.code, 130);
    const report = JSON.parse(r.stdout) as { interrupted: boolean; checked: number; total: number; rows: unknown[] };
    assert.equal(report.interrupted, true);
    assert.ok(report.checked > 0 && report.checked < report.total);
    assert.equal(report.rows.length, report.checked);
  });

  it('on a terminal, draws a progress bar with the parameters checked and an ETA', async () => {
    const abort = new AbortController();
    const drawn: string[] = [];
    const code = await runCli(
      ['gradcheck', path.join(dir, 'large.nn.json')],
      {
        out: () => undefined,
        err: () => undefined,
        progress: (line) => {
          drawn.push(line);
          if (drawn.length === 2) abort.abort();
        },
      },
      abort.signal,
    );
    assert.equal(code, 130);
    assert.match(drawn[0], /^\[#*-+\] [\d,]+\/17,283 parameters {2}ETA \d/);
    assert.match(drawn[drawn.length - 1], /parameters {2}ETA .*\n$/, 'the last line ends the bar');
  });
});
