// train: write-back that never bricks a spec, FILE.bak, the loss-rise warning, Ctrl+C, checkpoints and resuming.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, cliWith } from '../run';

/** One identity unit, mse, SGD: every step's arithmetic can be followed by hand. */
function linear(learningRate: number, extra = ''): string {
  return `{
  // y = w·x + b
  "input": 1,
  "layers": [{ "name": "out", "units": 1, "activation": "identity", "weights": [[0.5]], "biases": [0] }],
  "loss": "mse",
  "optimizer": { "type": "sgd", "learningRate": ${learningRate} },
  "training": { "epochs": 1, "batchSize": 2, "shuffle": false ${extra} },
  "data": { "inputs": [[10], [20]], "targets": [[100], [300]] }
}
`;
}

/** A small shuffled classifier whose batches (5 rows of 23) end mid-epoch at most step counts. */
function classifier(optimizer: string, shuffle: boolean, epochs = 40): string {
  const rows = Array.from({ length: 23 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
  return JSON.stringify({
    seed: 5,
    input: 2,
    layers: [
      { name: 'hidden', units: 4, activation: 'tanh' },
      { name: 'out', units: 1, activation: 'sigmoid' },
    ],
    loss: 'binary-cross-entropy',
    optimizer: JSON.parse(optimizer) as unknown,
    training: { epochs, batchSize: 5, shuffle },
    data: { inputs: rows, targets: rows.map(([a, b]) => [a * b > 0 ? 1 : 0]) },
  });
}

const OPTIMIZERS = [
  '{ "type": "sgd", "learningRate": 0.5 }',
  '{ "type": "sgd", "learningRate": 0.2, "momentum": 0.9 }',
  '{ "type": "adam", "learningRate": 0.05 }',
  '{ "type": "rmsprop", "learningRate": 0.01 }',
];

let dir: string;
let n = 0;

function spec(text: string): string {
  const file = path.join(dir, `s${n++}.nn.json`);
  fs.writeFileSync(file, text);
  return file;
}

describe('cli/commands/train', () => {
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-train-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a step that explodes but stays finite (learning rate 1e5): refused with the reason, file untouched', async () => {
    const file = spec(linear(1e5));
    const r = await cli('train', file, '--steps', '1', '--write');
    assert.equal(r.code, 1);
    // w = 0.5 − 1e5 · (2/2)·((5 − 100)·10 + (10 − 300)·20)/… is −6.75e8: beyond what a spec may hold.
    assert.ok(
      r.stderr.includes(
        `error: ${file}: not writing weights: layers[0] "out".weights[0][0] is 6.750e+8, layers[0] "out".biases[0] ` +
          'is 3.850e+7; a spec holds only finite numbers within ±1e6 (`backprop check` would refuse the file); the ' +
          'file is untouched. The training blew up: lower the learning rate',
      ),
      r.stderr,
    );
    assert.match(r.stderr, /warning: the loss rose from 4\.66e4 to 1\.15e20: the learning rate is probably too high/);
    assert.equal(fs.readFileSync(file, 'utf8'), linear(1e5));
    assert.ok(!fs.existsSync(`${file}.bak`));
    assert.equal((await cli('check', file)).code, 0);
  });

  it('after one step at a learning rate of 1e5, check accepts every example, written or refused', async () => {
    const examples = path.resolve(__dirname, '../../../../../examples');
    const copy = path.join(dir, 'examples');
    fs.cpSync(examples, copy, { recursive: true });
    const specs = fs.readdirSync(copy).filter((f) => f.endsWith('.nn.json') && f !== 'broken.nn.json');
    assert.ok(specs.length >= 5, specs.join(', '));
    const outcomes: string[] = [];
    for (const name of specs) {
      const file = path.join(copy, name);
      const text = fs.readFileSync(file, 'utf8').replace(/"learningRate":\s*[\d.e+-]+/, '"learningRate": 1e5');
      fs.writeFileSync(file, text);
      const r = await cli('train', file, '--steps', '1', '--write');
      if (r.code === 0) outcomes.push(`${name} written`);
      else {
        assert.match(r.stderr, /not writing weights: .*(is [-\d.]+e\+\d+|training diverged)/, r.stderr);
        assert.equal(fs.readFileSync(file, 'utf8'), text, `${name} is untouched`);
        outcomes.push(`${name} refused`);
      }
      const check = await cli('check', file);
      assert.equal(check.code, 0, `${name}: ${check.stdout}`);
    }
    assert.ok(
      outcomes.some((o) => o.endsWith('written')),
      outcomes.join(', '),
    );
  });

  it('an explosion that stays within ±1e6 is written, and check accepts the written file', async () => {
    const file = spec(linear(0.03));
    const r = await cli('train', file, '--steps', '1', '--write', '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { loss: number; lossRise: { from: number; to: number; message: string } };
    // dJ/dw = (5 − 100)·10 + (10 − 300)·20 = −6750, so w: 0.5 → 203; the loss rises from 46562.5 by about 190×.
    assert.equal(out.lossRise.from, 46562.5);
    assert.equal(out.lossRise.to, out.loss);
    assert.ok(out.loss > 100 * 46562.5);
    assert.match(r.stderr, /warning: the loss rose from 4\.66e4 to .*: the learning rate is probably too high/);
    assert.equal((await cli('check', file)).code, 0);
    assert.equal(fs.readFileSync(`${file}.bak`, 'utf8'), linear(0.03), 'the previous text is kept');
    assert.match(r.stderr, /wrote trained weights \(2 edits\); the previous text is in .*\.nn\.json\.bak/);
  });

  it('finite weights whose loss overflows: a diverged run (null loss, a diverged object, exit 1), never written', async () => {
    const file = spec(linear(1e150));
    const r = await cli('train', file, '--steps', '1', '--write', '--json');
    assert.equal(r.code, 1, r.stderr);
    // w = 0.5 + 1e150 · 6750 = 6.75e153 is a finite weight, but (6.75e154 − 100)² overflows the loss to Infinity.
    assert.match(r.stderr, /error: Training diverged: the weights after step 1 give a non-finite loss/);
    assert.match(r.stderr, /not writing weights: training diverged\n?$/);
    assert.equal(fs.readFileSync(file, 'utf8'), linear(1e150));
    // The refused write still prints the run's report, the error after it.
    assert.doesNotMatch(r.stdout, /Infinity|NaN/);
    const out = JSON.parse(r.stdout) as {
      loss: unknown;
      diverged?: { step: number; where: string };
      lossRise?: unknown;
    };
    assert.equal(out.loss, null);
    assert.deepEqual([out.diverged?.step, out.diverged?.where, out.lossRise], [2, 'loss', undefined]);
  });

  it('a run whose loss falls does not warn', async () => {
    const r = await cli('train', spec(linear(1e-4)), '--steps', '3', '--json');
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stderr, /loss rose/);
    assert.equal((JSON.parse(r.stdout) as { lossRise?: unknown }).lossRise, undefined);
  });

  it('--digits 0 writes exactly (like the editor setting), --no-backup keeps no FILE.bak', async () => {
    const exact = spec(linear(1e-4));
    const r = await cli('train', exact, '--steps', '3', '--write', '--digits', '0', '--no-backup', '--json');
    assert.equal(r.code, 0, r.stderr);
    const w = (JSON.parse(r.stdout) as { layers: { weights: number[][] }[] }).layers[0].weights[0][0];
    assert.ok(fs.readFileSync(exact, 'utf8').includes(`"weights": [[${String(w)}]]`));
    assert.equal(w, 2.4251028731, 'more digits than --digits 6 would keep');
    assert.ok(!fs.existsSync(`${exact}.bak`));
  });

  it('writes through a symlink to its target, keeping the link and the permissions', async () => {
    const target = spec(linear(1e-4));
    fs.chmodSync(target, 0o640);
    const link = path.join(dir, 'link.nn.json');
    fs.symlinkSync(target, link);
    assert.equal((await cli('train', link, '--steps', '1', '--write')).code, 0);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.notEqual(fs.readFileSync(target, 'utf8'), linear(1e-4));
    assert.equal(fs.statSync(target).mode & 0o777, 0o640);
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
      'no temporary file is left behind',
    );
  });

  it('options that do nothing without --write are usage errors (exit 2), never silently ignored', async () => {
    const file = spec(linear(1e-4));
    for (const args of [['--digits', '3'], ['--no-backup']]) {
      const r = await cli('train', file, '--steps', '1', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /has no effect without --write/);
    }
    assert.equal((await cli('train', file, '--write', '--digits', '-1')).code, 2);
    assert.equal(fs.readFileSync(file, 'utf8'), linear(1e-4));
  });

  it('Ctrl+C stops, reports, writes and saves what was trained, and exits 130', async () => {
    const file = spec(classifier(OPTIMIZERS[2], true, 1_000_000));
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const checkpoint = path.join(dir, 'stopped.ckpt.json');
    const r = await cliWith(
      { interrupt: abort.signal },
      ...['train', file, '--write', '--checkpoint', checkpoint, '--json'],
    );
    assert.equal(r.code, 130, r.stderr);
    const stopped = /stopped after (\d+) of 5000000 steps/.exec(r.stderr);
    assert.ok(stopped, r.stderr);
    const steps = Number(stopped[1]);
    assert.equal((JSON.parse(r.stdout) as { steps: number }).steps, steps);
    assert.match(r.stderr, /wrote trained weights/);
    // Resuming the stopped run for 7 steps ends where one run of steps + 7 does.
    const fresh = spec(classifier(OPTIMIZERS[2], true, 1_000_000));
    const resumed = await cli('train', fresh, '--resume', checkpoint, '--steps', '7', '--json');
    const whole = await cli('train', fresh, '--steps', String(steps + 7), '--json');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.deepEqual(JSON.parse(resumed.stdout), JSON.parse(whole.stdout));
  });

  describe('--checkpoint and --resume', () => {
    it('a checkpoint into a missing folder is refused before training, and one step reads "1 step"', async () => {
      const file = spec(classifier(OPTIMIZERS[0], false));
      const before = fs.readFileSync(file, 'utf8');
      const r = await cli('train', file, '--steps', '1', '--write', '--checkpoint', path.join(dir, 'no', 'x.json'));
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /x\.json: cannot write the checkpoint: the folder .* does not exist/);
      assert.doesNotMatch(r.stdout, /steps?/, 'nothing was trained');
      assert.equal(fs.readFileSync(file, 'utf8'), before);
      const one = await cli('train', file, '--steps', '1');
      assert.match(one.stdout, /: 1 step \(0 epochs\) in /);
    });

    for (const optimizer of OPTIMIZERS)
      for (const shuffle of [false, true]) {
        const type = (JSON.parse(optimizer) as { type: string; momentum?: number }).type;
        const name = `${type}${optimizer.includes('momentum') ? ' with momentum' : ''}, ${shuffle ? 'shuffled' : 'in order'}`;
        it(`${name}: 100 steps, then resuming for 100 (mid-epoch), gives the weights of 200 in one run`, async () => {
          const file = spec(classifier(optimizer, shuffle));
          const checkpoint = path.join(dir, `${n}.ckpt.json`);
          const first = await cli('train', file, '--steps', '100', '--checkpoint', checkpoint);
          assert.equal(first.code, 0, first.stderr);
          assert.match(first.stderr, /saved the run at step 100 \(epoch 20\); --resume it/);
          const resumed = await cli('train', file, '--resume', checkpoint, '--steps', '100', '--json');
          const whole = await cli('train', file, '--steps', '200', '--json');
          assert.equal(resumed.code, 0, resumed.stderr);
          assert.equal(resumed.stderr, '');
          assert.deepEqual(JSON.parse(resumed.stdout), JSON.parse(whole.stdout));
          // 103 steps end 3 batches into an epoch: resuming there is exact too.
          await cli('train', file, '--steps', '103', '--checkpoint', checkpoint);
          const mid = await cli('train', file, '--resume', checkpoint, '--steps', '97', '--json');
          assert.deepEqual(JSON.parse(mid.stdout), JSON.parse(whole.stdout));
        });
      }

    it('a float32 run resumes in float32; asking for another precision is an error', async () => {
      const file = spec(classifier(OPTIMIZERS[2], true));
      const checkpoint = path.join(dir, 'f32.ckpt.json');
      await cli('train', file, '--steps', '30', '--precision', 'float32', '--checkpoint', checkpoint);
      const resumed = await cli('train', file, '--resume', checkpoint, '--steps', '30', '--json');
      const whole = await cli('train', file, '--steps', '60', '--precision', 'float32', '--json');
      assert.deepEqual(JSON.parse(resumed.stdout), JSON.parse(whole.stdout));
      const other = await cli('train', file, '--resume', checkpoint, '--precision', 'float64');
      assert.equal(other.code, 1);
      assert.match(other.stderr, /f32\.ckpt\.json: the run was trained in float32; resume it in float32/);
    });

    it("without --steps/--epochs a resumed run finishes the spec's epochs, and says when there is nothing left", async () => {
      const file = spec(classifier(OPTIMIZERS[0], false, 4));
      const checkpoint = path.join(dir, 'end.ckpt.json');
      await cli('train', file, '--steps', '7', '--checkpoint', checkpoint);
      const rest = await cli('train', file, '--resume', checkpoint, '--checkpoint', checkpoint, '--json');
      assert.equal((JSON.parse(rest.stdout) as { steps: number }).steps, 20);
      const none = await cli('train', file, '--resume', checkpoint);
      assert.equal(none.code, 0);
      assert.match(none.stderr, /the run is at step 20, the end of the spec's 4 epochs; pass --steps or --epochs/);
      const more = await cli('train', file, '--resume', checkpoint, '--epochs', '2', '--json');
      assert.equal((JSON.parse(more.stdout) as { steps: number }).steps, 30);
    });

    it('continues with changed settings, saying which changed; refuses a diverged run', async () => {
      const file = spec(classifier(OPTIMIZERS[2], true));
      const checkpoint = path.join(dir, 'changed.ckpt.json');
      await cli('train', file, '--steps', '10', '--checkpoint', checkpoint);
      fs.writeFileSync(file, classifier(OPTIMIZERS[2].replace('0.05', '0.01'), true));
      const r = await cli('train', file, '--resume', checkpoint, '--steps', '5');
      assert.equal(r.code, 0);
      assert.match(
        r.stderr,
        /changed\.ckpt\.json: warning: optimizer changed since the checkpoint .*"learningRate":0\.05.*→.*0\.01/,
      );
      const boom = spec(linear(1e300));
      const d = await cli('train', boom, '--steps', '3', '--checkpoint', path.join(dir, 'boom.ckpt.json'));
      assert.equal(d.code, 1);
      assert.match(d.stderr, /boom\.ckpt\.json: not saved: the run diverged/);
      assert.ok(!fs.existsSync(path.join(dir, 'boom.ckpt.json')));
    });
  });
  it('reports accuracy per split for a classifier (as eval finds at the written weights), none for mse', async () => {
    const text = JSON.parse(classifier(OPTIMIZERS[2], true)) as { training: Record<string, unknown> };
    text.training.validationSplit = 0.3;
    const file = spec(JSON.stringify(text));
    const r = await cli('train', file, '--write', '--digits', '0', '--json');
    assert.equal(r.code, 0, r.stderr);
    const trained = JSON.parse(r.stdout) as { accuracy: number; validationAccuracy: number; validationLoss: number };
    const evaluated = JSON.parse((await cli('eval', file, '--json')).stdout) as {
      splits: Record<string, { metrics: { accuracy: number } }>;
    };
    assert.equal(trained.accuracy, evaluated.splits.training.metrics.accuracy);
    assert.equal(trained.validationAccuracy, evaluated.splits.validation.metrics.accuracy);
    assert.ok(trained.accuracy > 0.8, `trained to ${trained.accuracy}`);
    const line = await cli('train', file, '--steps', '1');
    assert.match(line.stdout, /; accuracy \d+\.\d%, validation accuracy \d+\.\d%$/m);
    const mse = await cli('train', spec(linear(0.001)), '--json');
    assert.deepEqual(
      Object.keys(JSON.parse(mse.stdout) as object).filter((k) => k.includes('ccuracy')),
      [],
    );
    assert.doesNotMatch((await cli('train', spec(linear(0.001)))).stdout, /accuracy/);
  });
});
