// Full training runs whose every number was recorded from main before the kernel seam (test/fixtures/engine), so a
// refactoring of the engine's kernels can show it changed no bit. Run `node out/test/unit/engine/trainingRuns.js`
// after `npm run build:tests` to print the runs as JSON (how the fixture was made).
import { gradientCheck, Trainer, type Precision } from '../../../src/engine';
import { makeModel, randomData, WIDE, type ModelOptions } from './models';

export interface RunCase {
  name: string;
  model: ModelOptions;
  precision: Precision;
  rows: number;
  steps: number;
}

/** Values as they are, or for long vectors their length, first values and a hash of every bit. */
export type Numbers = number[] | { length: number; head: number[]; bits: string };

/** Longer vectors are summarized, so the fixture stays small. */
const SUMMARIZED_FROM = 64;

/** FNV-1a over the float64 bytes: any changed bit of any value changes it. */
function bitHash(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(Float64Array.from(values).buffer);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function numbers(values: ArrayLike<number>): Numbers {
  const all = Array.from(values);
  if (all.length < SUMMARIZED_FROM) return all;
  return { length: all.length, head: all.slice(0, 16), bits: bitHash(all) };
}

/** Every number a run produces that the engine's kernels touch. */
export interface RunRecord {
  name: string;
  /** The mini-batch loss of every step. */
  losses: number[];
  /** Per layer ‖dJ/dθ‖ of the last step. */
  gradNorms: number[];
  params: Numbers;
  lastUpdate: Numbers;
  trainingLoss: number;
  validationLoss: number | null;
  /** The first outputs over the data after training. */
  outputs: number[];
  /** A float64 gradient check's analytic values and errors at the trained weights (small cases only). */
  check: { analytic: number[]; numeric: number[]; overallError: number } | null;
}

const adam = { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;
const rmsprop = { type: 'rmsprop', learningRate: 0.01, rho: 0.9, epsilon: 1e-8 } as const;
const momentum = { type: 'sgd', learningRate: 0.05, momentum: 0.9 } as const;

/** Shuffled batches of a wide model; 1100 rows make evaluation run in more than one 512-row chunk. */
const WIDE_SHUFFLED: ModelOptions = {
  ...WIDE,
  batchSize: 64,
  shuffle: true,
  validationSplit: 0.1,
};

export const RUN_CASES: RunCase[] = [
  { name: 'tanh sigmoid BCE sgd', model: {}, precision: 'float64', rows: 20, steps: 30 },
  {
    name: 'sigmoid leaky-relu MSE momentum l2',
    model: {
      input: 4,
      hidden: [
        { units: 5, activation: 'sigmoid' },
        { units: 3, activation: 'leaky-relu' },
      ],
      output: { units: 2, activation: 'identity' },
      loss: 'mse',
      optimizer: momentum,
      l2: 0.01,
      batchSize: 7,
    },
    precision: 'float64',
    rows: 30,
    steps: 25,
  },
  {
    name: 'elu softplus gelu softmax CE adam shuffled',
    model: {
      input: 3,
      hidden: [
        { units: 6, activation: 'elu' },
        { units: 5, activation: 'softplus' },
        { units: 4, activation: 'gelu' },
      ],
      output: { units: 3, activation: 'softmax' },
      loss: 'cross-entropy',
      optimizer: adam,
      shuffle: true,
      validationSplit: 0.2,
      batchSize: 6,
    },
    precision: 'float64',
    rows: 40,
    steps: 40,
  },
  {
    name: 'relu tanh MSE rmsprop',
    model: {
      input: 5,
      hidden: [
        { units: 9, activation: 'relu' },
        { units: 4, activation: 'tanh' },
      ],
      output: { units: 1, activation: 'tanh' },
      loss: 'mse',
      optimizer: rmsprop,
      batchSize: 16,
    },
    precision: 'float64',
    rows: 50,
    steps: 20,
  },
  { name: 'wide relu tanh softmax sgd', model: WIDE_SHUFFLED, precision: 'float64', rows: 1100, steps: 12 },
  {
    name: 'wide relu tanh softmax momentum',
    model: { ...WIDE_SHUFFLED, optimizer: momentum },
    precision: 'float64',
    rows: 1100,
    steps: 12,
  },
  {
    name: 'wide relu tanh softmax adam',
    model: { ...WIDE_SHUFFLED, optimizer: adam },
    precision: 'float64',
    rows: 1100,
    steps: 12,
  },
  { name: 'float32 tanh sigmoid BCE sgd', model: {}, precision: 'float32', rows: 20, steps: 30 },
  {
    name: 'float32 wide momentum',
    model: { ...WIDE_SHUFFLED, optimizer: momentum },
    precision: 'float32',
    rows: 1100,
    steps: 12,
  },
  {
    name: 'float32 wide adam',
    model: { ...WIDE_SHUFFLED, optimizer: adam },
    precision: 'float32',
    rows: 1100,
    steps: 12,
  },
];

/** Cases small enough for a full gradient check. */
const CHECKED_PARAMS = 200;

export function runCase(c: RunCase): RunRecord {
  const model = makeModel(c.model);
  const data = randomData(model, c.rows);
  const t = new Trainer(model, data, c.precision);
  const losses: number[] = [];
  for (let s = 0; s < c.steps; s++) {
    if (!t.trainStep()) throw new Error(`${c.name} diverged: ${t.divergence?.message}`);
    losses.push(t.lastBatchLoss);
  }
  const outputs = Array.from(t.net.predict(data.inputs, Math.min(c.rows, 600))).slice(0, 60);
  const size = t.net.layout.size;
  const report = size <= CHECKED_PARAMS ? gradientCheck(model, data, t.net.params) : undefined;
  return {
    name: c.name,
    losses,
    gradNorms: Array.from(t.layerGradNorms),
    params: numbers(t.net.params),
    lastUpdate: numbers(t.lastUpdate),
    trainingLoss: t.trainingLoss(),
    validationLoss: t.validationLoss() ?? null,
    outputs,
    check: report
      ? {
          analytic: report.rows.map((r) => r.analytic),
          numeric: report.rows.map((r) => r.numeric),
          overallError: report.overallError,
        }
      : null,
  };
}

if (require.main === module) process.stdout.write(JSON.stringify(RUN_CASES.map(runCase)) + '\n');
