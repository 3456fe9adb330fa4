// Specs the UI tests write into their scratch workspace, beside the examples.
import * as fs from 'fs';
import * as path from 'path';

export const WIDE_SPEC = 'wide.nn.json';
export const WIDE_INPUTS = 300;
const WIDE_UNITS = 20;

/** The spec's weight W[row][col] of the wide layer: all 6,000 distinct, in [-0.1, 0.1). */
export function wideWeight(row: number, col: number): number {
  return ((((row * WIDE_INPUTS + col) * 7919) % 10_000) - 5000) / 50_000;
}

/**
 * 300 inputs into 20 tanh units: 6,000 weights, past the 4,096 the panel receives exactly, so pooled in 1 × 3 blocks.
 */
const wideSpec = {
  name: 'Wide',
  seed: 3,
  input: WIDE_INPUTS,
  layers: [
    {
      name: 'wide',
      units: WIDE_UNITS,
      activation: 'tanh',
      weights: Array.from({ length: WIDE_UNITS }, (_, r) =>
        Array.from({ length: WIDE_INPUTS }, (_, c) => wideWeight(r, c)),
      ),
    },
    { name: 'output', units: 1, activation: 'sigmoid' },
  ],
  loss: 'binary-cross-entropy',
  training: { epochs: 50, batchSize: 4 },
  data: {
    inputs: Array.from({ length: 4 }, (_, r) =>
      Array.from({ length: WIDE_INPUTS }, (_, c) => ((r * 7 + c * 13) % 5) / 4),
    ),
    targets: [[0], [1], [1], [0]],
  },
};

/** XOR's four points, the data of the small specs the tests write. */
export const XOR_DATA = {
  inputs: [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ],
  targets: [[0], [1], [1], [0]],
};

/** XOR for a hundred million epochs: still training whenever a test looks (stopped by the test). */
export const ENDLESS_SPEC = 'endless.nn.json';
const endlessSpec = {
  name: 'Endless XOR',
  seed: 7,
  input: 2,
  layers: [
    { name: 'hidden', units: 3, activation: 'tanh' },
    { name: 'output', units: 1, activation: 'sigmoid' },
  ],
  loss: 'binary-cross-entropy',
  optimizer: { type: 'sgd', learningRate: 0.5 },
  training: { epochs: 100_000_000, batchSize: 4 },
  data: XOR_DATA,
};

/** A linear model with mean squared error and a learning rate far past stable: its weights overflow within steps. */
export const DIVERGING_SPEC = 'diverging.nn.json';
const divergingSpec = {
  name: 'Diverging',
  seed: 1,
  input: 2,
  layers: [
    { name: 'hidden', units: 4, activation: 'identity' },
    { name: 'output', units: 1, activation: 'identity' },
  ],
  loss: 'mse',
  optimizer: { type: 'sgd', learningRate: 1000 },
  training: { epochs: 1000, batchSize: 4 },
  data: XOR_DATA,
};

/** Writes the specs above into `workspace`. */
export function writeTestSpecs(workspace: string): void {
  const specs: [string, unknown][] = [
    [WIDE_SPEC, wideSpec],
    [ENDLESS_SPEC, endlessSpec],
    [DIVERGING_SPEC, divergingSpec],
  ];
  for (const [name, spec] of specs) fs.writeFileSync(path.join(workspace, name), JSON.stringify(spec, null, 2));
}
