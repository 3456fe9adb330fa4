// The proof against the real framework: generated PyTorch scripts train 20 float64 steps to the engine's weights (one
// process and two, DDP over gloo), torch.onnx.export models import to the same function, and trained weights come
// back into the spec. Runs Debian's torch (/usr/bin/python3); without it every test here fails saying how to install.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { initialParams, Network, Rng } from '../../../src/engine';
import type { ActivationName, LossName, LossOutputs } from '../../../src/engine';
import { readSafetensors } from '../../../src/interop';
import { parseSpec } from '../../../src/netspec';
import { nodeSpecHost } from '../../../src/node/specFiles';
import { cli } from '../cli/run';
import { activationCases, specText, type SpecCase } from './specs';

const PYTHON = '/usr/bin/python3';
const INSTALL = 'apt-get update && apt-get install -y --no-install-recommends python3-torch';
const DRIVER = path.resolve(__dirname, '../../../../test/fixtures/interop/torch_driver.py');
const EXAMPLES = path.resolve(__dirname, '../../../../examples');
const STEPS = 20;
/** Every trained weight and bias: |torch − engine| ≤ 1e-10 · |engine| (float64 round-off grows over 20 steps). */
const RELATIVE = 1e-10;

/** Fails (never skips) when this machine's Python has no torch, with the command that installs it. */
function requireTorch(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'pipe' });
  } catch {
    throw new Error(`${PYTHON} cannot import torch and numpy; the interop proof needs them. Install with: ${INSTALL}`);
  }
}

const small = (over: Partial<SpecCase> & Pick<SpecCase, 'name'>): SpecCase => ({
  input: 3,
  layers: [
    [6, 'tanh'],
    [2, 'sigmoid'],
  ],
  loss: 'binary-cross-entropy',
  optimizer: { type: 'sgd', learningRate: 0.3 },
  training: { batchSize: 4, shuffle: true },
  rows: 11,
  seed: 3,
  ...over,
});

/** The same small regression under both reductions over outputs (k = 3, so "mean" divides by 3m, "sum" by m). */
const mseCase = (outputs: LossOutputs): SpecCase =>
  small({
    name: `mse-${outputs}-sgd-validation`,
    loss: 'mse',
    lossOutputs: outputs,
    layers: [
      [5, 'tanh'],
      [3, 'identity'],
    ],
    optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.5 },
    training: { batchSize: 3, shuffle: true, validationSplit: 0.2 },
  });

/** The same classifier under both reductions (SGD: an adaptive optimizer would mostly cancel a constant factor). */
const bceCase = (outputs: LossOutputs): SpecCase =>
  small({
    name: `bce-${outputs}-sgd-l2`,
    lossOutputs: outputs,
    training: { batchSize: 3, shuffle: true, l2: 0.01 },
    rows: 10,
  });

/**
 * CSV data with 20 rows, the last 5 held out (validationSplit 0.25) and far outside the training rows' range, so
 * statistics over every row would scale the training rows differently; x2 is constant over the training rows only.
 */
function scaledCsv(): string {
  const rng = new Rng(21, 'scaled');
  const rows = Array.from({ length: 20 }, (_, i) => {
    const held = i >= 15;
    const x = [rng.uniform(50, 150) * (held ? 3 : 1), rng.uniform(-2, 2), held ? i : 7];
    return [...x, rng.int(2), rng.int(2)].join(',');
  });
  return ['x0,x1,x2,t0,t1', ...rows].join('\n') + '\n';
}

const csvCase = (normalize: 'standard' | 'minmax', loss: LossName, output: ActivationName): SpecCase =>
  small({
    name: `csv-${normalize}-validation`,
    loss,
    layers: [
      [4, 'tanh'],
      [2, output],
    ],
    optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.5 },
    training: { batchSize: 4, shuffle: true, validationSplit: 0.25 },
    rows: 20,
    data: { csv: 'scaled.csv', targetColumns: ['t0', 't1'], normalize },
  });

/**
 * One process: every activation, loss (both reductions over outputs), optimizer and shuffle setting, L2, validation
 * split, a ragged last batch, and CSV data normalized with the training rows' statistics.
 */
const CASES: SpecCase[] = [
  ...activationCases(),
  small({ name: 'bce-sgd-momentum-shuffle', optimizer: { type: 'sgd', learningRate: 0.3, momentum: 0.9 } }),
  small({
    name: 'bce-adam-l2',
    optimizer: { type: 'adam', learningRate: 0.01 },
    training: { batchSize: 3, l2: 0.01 },
    rows: 10,
  }),
  small({
    name: 'mse-rmsprop-validation',
    loss: 'mse',
    layers: [
      [5, 'elu'],
      [4, 'relu'],
      [1, 'identity'],
    ],
    optimizer: { type: 'rmsprop', learningRate: 0.01 },
    training: { batchSize: 5, shuffle: true, validationSplit: 0.25 },
  }),
  small({
    name: 'ce-adam-no-shuffle',
    loss: 'cross-entropy',
    layers: [
      [7, 'gelu'],
      [3, 'softmax'],
    ],
    optimizer: { type: 'adam', learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-7 },
    training: { batchSize: 4, shuffle: false },
  }),
  bceCase('mean'),
  bceCase('sum'),
  mseCase('mean'),
  mseCase('sum'),
  csvCase('standard', 'mse', 'identity'),
  csvCase('minmax', 'binary-cross-entropy', 'sigmoid'),
];

/**
 * Two processes (gloo over loopback) through the script's own launcher, --spawn 2: batches of 3 split 1 + 2, and an
 * epoch's last batch of 1 leaves rank 0 nothing; both reductions of both losses that have them (bce-adam-l2 is the
 * "mean" one of binary cross-entropy); then the 784-64-10 network and data files with a validation set. (Each such run
 * starts two Pythons that import torch, so every other spec runs its two ranks in one process group the driver starts
 * once for the whole table.)
 */
const DDP = [
  'bce-adam-l2',
  bceCase('sum').name,
  mseCase('mean').name,
  mseCase('sum').name,
  'digits-784-64-10',
  'files-ce-validation',
];

/** 256 rows of 784 pixel values (0–255, mostly 0) and a digit label: an MNIST-shaped CSV made from a seed. */
function digitsCsv(): string {
  const rng = new Rng(784, 'digits');
  const header = [...Array.from({ length: 784 }, (_, j) => `p${j}`), 'digit'].join(',');
  const rows = Array.from({ length: 256 }, (_, i) =>
    [...Array.from({ length: 784 }, () => (rng.next() < 0.7 ? 0 : rng.int(256))), i % 10].join(','),
  );
  return [header, ...rows].join('\n') + '\n';
}

const DIGITS_SPEC = {
  name: 'digits 784-64-10',
  seed: 10,
  input: 784,
  layers: [
    { name: 'hidden', units: 64, activation: 'relu', init: 'he' },
    { name: 'out', units: 10, activation: 'softmax' },
  ],
  loss: 'cross-entropy',
  optimizer: { type: 'adam', learningRate: 0.001 },
  training: { batchSize: 32, shuffle: true },
  data: { csv: 'digits.csv', targetColumns: ['digit'], oneHot: true, normalize: 'minmax' },
};

/**
 * Data file references as issue 12 reads them, written by NumPy from a seed: Fortran-ordered float32 .npy inputs with a
 * scale, gzip-compressed IDX labels, a deflated .npz member and CSV labels as a separate validation set (held out),
 * standard normalization; and TSV inputs by column index beside inline targets, minmax, a validation split.
 */
const DATA_FILES = `
import gzip, numpy as np, struct
rng = np.random.default_rng(12)
np.save("files/x.npy", np.asfortranarray(rng.uniform(-40, 40, (26, 2, 2)).astype(np.float32)))
labels = rng.integers(0, 3, 26).astype(np.uint8)
with gzip.open("files/y.idx1-ubyte.gz", "wb") as f:
    f.write(struct.pack(">HBBI", 0, 8, 1, 26) + labels.tobytes())
np.savez_compressed("files/valid.npz", other=np.zeros(3), xv=rng.uniform(-40, 40, (7, 4)))
with open("files/yv.csv", "w") as f:
    f.write("id,label\\n" + "".join(f"{i},{rng.integers(0, 3)}\\n" for i in range(7)))
with open("files/x.tsv", "w") as f:
    f.write("".join("\\t".join(str(v) for v in rng.uniform(0, 9, 4)) + "\\n" for _ in range(15)))
`;

const FILE_SPECS: Record<string, object> = {
  'files-ce-validation': {
    name: 'files ce validation',
    seed: 8,
    input: 4,
    layers: [
      { name: 'hidden', units: 5, activation: 'softplus' },
      { name: 'out', units: 3, activation: 'softmax' },
    ],
    loss: 'cross-entropy',
    optimizer: { type: 'adam', learningRate: 0.02 },
    training: { batchSize: 5, shuffle: true },
    data: {
      inputs: { file: 'files/x.npy', scale: 0.25, normalize: 'standard' },
      labels: { file: 'files/y.idx1-ubyte.gz' },
      validation: {
        inputs: { file: 'files/valid.npz', array: 'xv' },
        labels: { file: 'files/yv.csv', columns: ['label'] },
      },
    },
  },
  'files-mse-tsv': {
    name: 'files mse tsv',
    seed: 9,
    input: 2,
    layers: [
      { name: 'hidden', units: 4, activation: 'elu' },
      { name: 'out', units: 1, activation: 'identity' },
    ],
    loss: 'mse',
    optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 },
    training: { batchSize: 4, shuffle: true, validationSplit: 0.2 },
    data: {
      inputs: { file: 'files/x.tsv', header: false, columns: [3, 1], normalize: 'minmax' },
      targets: Array.from({ length: 15 }, (_, i) => [Math.sin(i)]),
    },
  },
};
/** Exported into another folder (-o scripts/NAME.py), so the script finds the data from the spec's folder. */
const ELSEWHERE = Object.keys(FILE_SPECS);

/** Every spec the proof trains, in one process and in two. */
const ALL = [...CASES.map((c) => c.name), 'digits-784-64-10', 'iris', 'spiral', ...ELSEWHERE];

/** The torch export table: each activation through stock modules, plus Transpose + MatMul + Add and opset 17. */
const TORCH_EXPORTS = [
  ...['identity', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'elu', 'softplus', 'gelu'].map((f, i) => ({
    name: `torch-${f}`,
    activations: [f, f],
    affine: false,
    opset: 13,
    seed: i,
  })),
  { name: 'torch-softmax', activations: ['tanh', 'softmax'], affine: false, opset: 13, seed: 20 },
  { name: 'torch-affine-gelu-opset17', activations: ['gelu', 'relu', 'identity'], affine: true, opset: 17, seed: 21 },
];

interface EngineLayer {
  weights: number[][];
  biases: number[];
}

/** The largest relative error any comparison saw (reported after the suite, never asserted beyond RELATIVE). */
let largestRelative = 0;

function compareWeights(engine: EngineLayer[], file: string): void {
  const { tensors } = readSafetensors(new Uint8Array(fs.readFileSync(file)));
  const byName = new Map(tensors.map((t) => [t.name, t.values]));
  engine.forEach((layer, l) => {
    for (const [kind, values] of [
      ['weight', layer.weights.flat()],
      ['bias', layer.biases],
    ] as const) {
      const got = byName.get(`${2 * l}.${kind}`);
      assert.ok(got, `${file} has no ${2 * l}.${kind}`);
      values.forEach((want, i) => {
        const err = Math.abs(got[i] - want);
        if (want !== 0) largestRelative = Math.max(largestRelative, err / Math.abs(want));
        assert.ok(
          err <= RELATIVE * Math.abs(want),
          `${2 * l}.${kind}[${i}]: torch ${got[i]}, engine ${want} (relative error ${err / Math.abs(want)})`,
        );
      });
    }
  });
}

describe('interop: the PyTorch proof (Debian torch, /usr/bin/python3)', function () {
  this.timeout(900_000);
  let dir: string;
  const engine = new Map<string, EngineLayer[]>();
  let pythonSeconds = 0;

  const specFile = (name: string): string => path.join(dir, `${name}.nn.json`);

  before(async () => {
    requireTorch();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-torch-'));
    for (const c of CASES) fs.writeFileSync(specFile(c.name), specText(c));
    fs.writeFileSync(path.join(dir, 'digits.csv'), digitsCsv());
    fs.writeFileSync(path.join(dir, 'scaled.csv'), scaledCsv());
    fs.writeFileSync(specFile('digits-784-64-10'), JSON.stringify(DIGITS_SPEC, null, 1));
    for (const folder of ['files', 'scripts']) fs.mkdirSync(path.join(dir, folder));
    execFileSync(PYTHON, ['-c', DATA_FILES], { cwd: dir });
    for (const [name, spec] of Object.entries(FILE_SPECS)) fs.writeFileSync(specFile(name), JSON.stringify(spec));
    // The examples' CSV (iris: normalize + one-hot class names) and generated (spiral) data, as users have them.
    fs.cpSync(path.join(EXAMPLES, 'data'), path.join(dir, 'data'), { recursive: true });
    for (const name of ['iris', 'spiral']) fs.copyFileSync(path.join(EXAMPLES, `${name}.nn.json`), specFile(name));
    const train: { script: string; args: string[] }[] = [];
    const table: { script: string; steps: number; out: string }[] = [];
    for (const name of ALL) {
      const script = path.join(dir, ELSEWHERE.includes(name) ? 'scripts' : '', `${name}.py`);
      const exported = await cli(
        'export',
        specFile(name),
        '--format',
        'pytorch',
        '--precision',
        'float64',
        '-o',
        script,
      );
      assert.equal(exported.code, 0, exported.stderr);
      const run = await cli('train', specFile(name), '--precision', 'float64', '--steps', String(STEPS), '--json');
      assert.equal(run.code, 0, run.stderr);
      engine.set(name, (JSON.parse(run.stdout) as { layers: EngineLayer[] }).layers);
      train.push({ script, args: ['--steps', String(STEPS), '--out', path.join(dir, `${name}.1.safetensors`)] });
      const two = path.join(dir, `${name}.2.safetensors`);
      if (DDP.includes(name)) train.push({ script, args: ['--steps', String(STEPS), '--spawn', '2', '--out', two] });
      else table.push({ script, steps: STEPS, out: two });
    }
    const onnx = TORCH_EXPORTS.map((t) => ({
      ...t,
      sizes: [3, 5, 4, 2].slice(0, t.activations.length + 1),
      onnx: path.join(dir, `${t.name}.onnx`),
      outputs: path.join(dir, `${t.name}.json`),
    }));
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ train, ddp_table: table, onnx }));
    const started = performance.now();
    await promisify(execFile)(PYTHON, [DRIVER, path.join(dir, 'manifest.json')], { cwd: dir, maxBuffer: 1 << 24 });
    pythonSeconds = (performance.now() - started) / 1000;
  });

  after(() => {
    // A report, not an assertion: how long the Python side of the suite takes on this machine.
    console.log(
      `      (the PyTorch side took ${pythonSeconds.toFixed(1)} s; largest relative weight error ` +
        `${largestRelative.toExponential(1)})`,
    );
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ALL) {
    it(`${name}: the script's ${STEPS} float64 steps equal the engine's`, () => {
      compareWeights(engine.get(name)!, path.join(dir, `${name}.1.safetensors`));
    });
  }

  for (const name of ALL) {
    const how = DDP.includes(name) ? '--spawn 2' : "the script's train() in the table's process group";
    it(`${name}: the same with two DDP processes (${how}, gloo)`, () => {
      compareWeights(engine.get(name)!, path.join(dir, `${name}.2.safetensors`));
    });
  }

  for (const t of TORCH_EXPORTS) {
    it(`${t.name}: torch.onnx.export → backprop import → the engine's outputs equal PyTorch's`, async () => {
      const target = path.join(dir, `${t.name}.nn.json`);
      const r = await cli('import', path.join(dir, `${t.name}.onnx`), '-o', target);
      assert.equal(r.code, 0, r.stderr);
      const { spec, problems } = parseSpec(fs.readFileSync(target, 'utf8'), nodeSpecHost(target));
      assert.ok(spec, problems.map((p) => p.message).join('\n'));
      assert.deepEqual(
        spec.model.layers.map((l) => l.activation),
        t.activations,
      );
      const { inputs, outputs } = JSON.parse(fs.readFileSync(path.join(dir, `${t.name}.json`), 'utf8')) as {
        inputs: number[][];
        outputs: number[][];
      };
      const net = new Network(spec.model, 'float64', initialParams(spec.model));
      const got = net.predict(Float64Array.from(inputs.flat()), inputs.length);
      outputs.flat().forEach((y, i) => {
        assert.ok(
          Math.abs(got[i] - y) <= 1e-12 * Math.max(1, Math.abs(y)),
          `output ${i}: engine ${got[i]}, torch ${y}`,
        );
      });
    });
  }

  it("a spec name with quotes and backslashes stays inside the script's docstring", async () => {
    const name = 'C:\\N "q" """ \\x end\\';
    const file = path.join(dir, 'odd name.nn.json');
    fs.writeFileSync(file, specText({ ...small({ name: 'odd' }), name }));
    const r = await cli('export', file, '--format', 'pytorch');
    assert.equal(r.code, 0, r.stderr);
    const read = 'import ast, sys; print(ast.get_docstring(ast.parse(open(sys.argv[1]).read())).splitlines()[0])';
    const first = execFileSync(PYTHON, ['-c', read, path.join(dir, 'odd name.py')], { encoding: 'utf8' });
    assert.equal(
      first.trim(),
      `${name}: the Backprop Studio spec odd name.nn.json as a standalone PyTorch training script.`,
    );
  });

  it("the docstring's commands name a script and spec with spaces and quotes as a shell reads them", async () => {
    const file = path.join(dir, "it's a $HOME spec.nn.json");
    fs.writeFileSync(file, specText(small({ name: 'quoted' })));
    const r = await cli('export', file, '--format', 'pytorch');
    assert.equal(r.code, 0, r.stderr);
    const script = path.join(dir, "it's a $HOME spec.py");
    const text = fs.readFileSync(script, 'utf8');
    execFileSync(PYTHON, ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', script]);
    /** The words a POSIX shell makes of the docstring line starting with `start` (its comment dropped). */
    const words = (start: string): string[] => {
      const line = text.split('\n').find((l) => l.trimStart().startsWith(start));
      assert.ok(line, start);
      const command = line.replace(/\s+# .*$/, '');
      return execFileSync('sh', ['-c', `for w in ${command}; do printf '%s\\n' "$w"; done`], { encoding: 'utf8' })
        .trimEnd()
        .split('\n');
    };
    assert.deepEqual(words('python3 '), [
      'python3',
      "it's a $HOME spec.py",
      '--steps',
      '20',
      '--out',
      'trained.safetensors',
    ]);
    assert.deepEqual(words('torchrun '), ['torchrun', '--nproc_per_node=4', "it's a $HOME spec.py"]);
    assert.deepEqual(words('backprop import'), [
      'backprop',
      'import',
      'trained.safetensors',
      '--into',
      "it's a $HOME spec.nn.json",
    ]);
  });

  it('the trained weights come back with `import trained.safetensors --into SPEC`, and `check` passes', async () => {
    for (const name of ['bce-adam-l2', 'digits-784-64-10', 'iris', 'files-ce-validation']) {
      const trained = path.join(dir, `${name}.1.safetensors`);
      const r = await cli('import', trained, '--into', specFile(name));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const check = await cli('check', specFile(name));
      assert.equal(check.code, 0, check.stdout + check.stderr);
      const { spec } = parseSpec(fs.readFileSync(specFile(name), 'utf8'), nodeSpecHost(specFile(name)));
      const theta = initialParams(spec!.model);
      const { tensors } = readSafetensors(new Uint8Array(fs.readFileSync(trained)));
      const flat = Float64Array.from(tensors.flatMap((t) => Array.from(t.values)));
      assert.deepEqual(theta, flat, `${name}: the spec holds the trained weights bit for bit`);
    }
  });
});
