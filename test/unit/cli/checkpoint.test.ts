// Checkpoint files: what a damaged or foreign checkpoint says, through `train --resume`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './run';

const SPEC = `{
  "seed": 2,
  "input": 2,
  "layers": [
    { "name": "hidden", "units": 3, "activation": "tanh" },
    { "name": "out", "units": 1, "activation": "sigmoid" }
  ],
  "loss": "binary-cross-entropy",
  "optimizer": { "type": "adam", "learningRate": 0.05 },
  "training": { "epochs": 10, "batchSize": 3, "shuffle": true },
  "data": { "inputs": [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5]], "targets": [[0], [1], [1], [0], [1]] }
}
`;

let dir: string;
let file: string;
let good: Record<string, unknown>;

function checkpoint(name: string, content: string | Record<string, unknown>): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

async function resumeFails(ck: string, message: RegExp, spec = file): Promise<void> {
  const r = await cli('train', spec, '--resume', ck, '--steps', '2');
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /Internal error|\n\s+at /);
}

describe('cli/checkpoint', () => {
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-ckpt-'));
    file = path.join(dir, 'net.nn.json');
    fs.writeFileSync(file, SPEC);
    const saved = path.join(dir, 'good.json');
    assert.equal((await cli('train', file, '--steps', '3', '--checkpoint', saved)).code, 0);
    good = JSON.parse(fs.readFileSync(saved, 'utf8')) as Record<string, unknown>;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is versioned JSON naming its format, shape, precision and optimizer', () => {
    assert.equal(good.format, 'backprop-checkpoint');
    assert.equal(good.version, 1);
    assert.deepEqual(good.shape, [2, 3, 1]);
    assert.equal(good.precision, 'float64');
    // 5 rows in batches of 3: the third step is the first of the second epoch.
    assert.deepEqual([good.step, good.epoch, good.cursor], [3, 1, 3]);
    assert.equal((good.optimizer as { type: string; updates: number }).updates, 3);
  });

  it('a missing file, or a file that is not a checkpoint', async () => {
    await resumeFails(path.join(dir, 'nope.json'), /nope\.json: no such file/);
    await resumeFails(checkpoint('text.json', 'step 4'), /text\.json: is not a checkpoint: not valid JSON/);
    await resumeFails(
      checkpoint('spec.json', SPEC),
      /spec\.json: is not a checkpoint \(no "format": "backprop-checkpoint"\); make one with train --checkpoint FILE/,
    );
    await resumeFails(
      checkpoint('newer.json', { ...good, version: 2 }),
      /newer\.json: is a version 2 checkpoint; .* reads version 1/,
    );
  });

  it("another network's checkpoint: its shape, its optimizer, its rows", async () => {
    await resumeFails(
      path.join(dir, 'good.json'),
      /good\.json: is a checkpoint of a 2-3-1 network; this spec's network is 2-4-1\. Resume with the checkpoint/,
      checkpointSpec(SPEC.replace('"units": 3', '"units": 4')),
    );
    await resumeFails(
      path.join(dir, 'good.json'),
      /good\.json: was made with the adam optimizer; this spec uses sgd/,
      checkpointSpec(SPEC.replace('"type": "adam"', '"type": "sgd"')),
    );
    await resumeFails(
      path.join(dir, 'good.json'),
      /good\.json: does not fit .*fewer\.nn\.json: it was made over 5 training rows, the data has 4/,
      checkpointSpec(SPEC.replace(', [0.5, 0.5]]', ']').replace(', [1]]', ']'), 'fewer.nn.json'),
    );
  });

  it('damaged contents are named, field by field', async () => {
    const p = good.params as string;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ params: p.slice(0, 20) }, /"params" holds 2 parameters|"params" is cut short/],
      [{ params: '***' }, /"params" is not base64; the file is damaged/],
      [{ params: 7 }, /"params" must be base64 text; the file is damaged/],
      [{ step: -3 }, /"step" must be a whole number; the file is damaged/],
      [{ precision: 'float16' }, /"precision" must be "float32" or "float64"/],
      [{ shuffleRng: [0, 0, 0, 0] }, /does not fit .*: its shuffle state is damaged/],
      [{ cursor: 99 }, /does not fit .*: its batch position 99 is outside the 5 training rows/],
      [{ optimizer: { type: 'adam', updates: 3, vectors: ['AAAA'] } }, /"optimizer\.vectors\[0\]" is cut short/],
    ];
    for (const [change, message] of cases)
      await resumeFails(checkpoint('damaged.json', { ...good, ...change }), message);
  });
});

function checkpointSpec(text: string, name = 'other.nn.json'): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}
