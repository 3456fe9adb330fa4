// The built CLI as a real process: Ctrl+C (SIGINT) ends every command with the status shells report as 130.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const bin = path.resolve(__dirname, '../../../../dist/cli.js');

interface Exit {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI, sends SIGINT once `ready` matches its stderr (or after `ready` ms), and waits for it to end. */
function interrupt(args: string[], ready: RegExp | number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const send = (): void => {
      if (sent) return;
      sent = true;
      child.kill('SIGINT');
    };
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (typeof ready !== 'number' && ready.test(stderr)) send();
    });
    child.on('error', reject);
    child.on('exit', (status, signal) => {
      // Let the pipes drain before reporting.
      setImmediate(() => resolve({ status, signal, stdout, stderr }));
    });
    if (typeof ready === 'number') setTimeout(send, ready);
  });
}

/** Small enough to read, large enough that the training loop is under way when Ctrl+C comes. */
function trainingSpec(epochs: number): string {
  const rows = Array.from({ length: 23 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
  return JSON.stringify({
    input: 2,
    layers: [
      { name: 'hidden', units: 8, activation: 'tanh' },
      { name: 'out', units: 1, activation: 'sigmoid' },
    ],
    loss: 'binary-cross-entropy',
    training: { epochs, batchSize: 5 },
    data: { inputs: rows, targets: rows.map(([a, b]) => [a * b > 0 ? 1 : 0]) },
  });
}

/** A spiral classifier with two tanh layers of `units` each over `samples` generated rows. */
function spiralNet(units: number, samples: number): string {
  return JSON.stringify({
    input: 2,
    layers: [
      { name: 'h1', units, activation: 'tanh' },
      { name: 'h2', units, activation: 'tanh' },
      { name: 'out', units: 3, activation: 'softmax' },
    ],
    loss: 'cross-entropy',
    data: { generator: 'spiral', samples },
  });
}

/**
 * Seconds of work in every command that runs the rows, printed only at the end: 16.8 million parameters over 20,000
 * rows, so even `explain` (one row; its time is the network's set-up) takes ~4.5 s here, nine times the 500 ms the
 * tests wait before the signal (1,024 units took `explain` 0.55 s once the CLI started faster).
 */
const HEAVY = spiralNet(4096, 20_000);
/** 17,283 parameters over 1,500 rows: minutes for a full gradient check. */
const LARGE = spiralNet(128, 1500);

let dir: string;

describe('cli/main: Ctrl+C in a real process', function () {
  this.timeout(60_000);
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-sigint-'));
    fs.writeFileSync(path.join(dir, 'long.nn.json'), trainingSpec(100_000_000));
    fs.writeFileSync(path.join(dir, 'heavy.nn.json'), HEAVY);
    fs.writeFileSync(path.join(dir, 'large.nn.json'), LARGE);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('train stops cleanly: reports, writes and saves what it trained, and exits 130', async () => {
    const file = path.join(dir, 'long.nn.json');
    const checkpoint = path.join(dir, 'stopped.json');
    const r = await interrupt(['train', file, '--write', '--checkpoint', checkpoint], /will take about/);
    assert.equal(r.status, 130, r.stderr);
    assert.match(r.stderr, /long\.nn\.json: training 500,000,000 steps will take about .*; Ctrl\+C stops early/);
    assert.match(r.stderr, /long\.nn\.json: stopped after \d+ of 500000000 steps/);
    assert.match(r.stderr, /stopped\.json: saved the run at step \d+/);
    assert.match(r.stderr, /wrote trained weights/);
    assert.match(r.stdout, /: \d+ steps \(\d+ epochs\) in [\d.]+ s/);
    assert.match(fs.readFileSync(file, 'utf8'), /"weights"/);
  });

  it('gradcheck stops cleanly: reports the parameters checked so far, and exits 130', async () => {
    const r = await interrupt(['gradcheck', path.join(dir, 'large.nn.json')], /will take about/);
    assert.equal(r.status, 130, r.stderr);
    assert.match(r.stderr, /stopped after \d+ of 17,283 parameters; the verdict covers only those/);
    assert.match(r.stdout, /verdict: GOOD.* of 17283 parameters checked \(interrupted\)/);
  });

  // Commands that compute without pausing keep the default action of SIGINT: they end at once, killed by the signal,
  // and a shell reports that as 128 + 2 = 130 (trapping the signal would delay Ctrl+C until the work was done).
  // `check` and `predict` are left out: they do no per-row work and end within the 500 ms before the signal.
  for (const args of [['grads'], ['step'], ['eval'], ['explain']])
    it(`${args[0]} ends at once mid-work, killed by SIGINT (status 130 in a shell)`, async () => {
      const r = await interrupt([args[0], path.join(dir, 'heavy.nn.json'), ...args.slice(1)], 500);
      assert.equal(r.signal, 'SIGINT', `status ${r.status}: ${r.stderr}`);
      assert.equal(r.stdout, '', 'it was stopped before it finished');
      assert.equal(128 + os.constants.signals.SIGINT, 130);
    });
});
