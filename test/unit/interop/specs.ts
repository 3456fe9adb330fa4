// Small specs for the interop tests: every activation, loss, optimizer and shuffle setting, with seeded data.
import * as assert from 'node:assert/strict';
import { Rng } from '../../../src/engine';
import type { ActivationName, LossName, LossOutputs } from '../../../src/engine';
import { parseSpec, type Spec } from '../../../src/netspec';
import { memoryHost } from '../netspec/helpers';

export interface SpecCase {
  name: string;
  input: number;
  layers: [units: number, activation: ActivationName][];
  loss: LossName;
  /** The loss's reduction over outputs, written in the object form when given. */
  lossOutputs?: LossOutputs;
  optimizer: Record<string, unknown>;
  training: Record<string, unknown>;
  rows: number;
  seed: number;
  /** The spec's "data" (e.g. a CSV file's settings); inline data drawn from the seed when absent. */
  data?: Record<string, unknown>;
}

/** Inline data drawn from the case's seed: inputs in about ±2, targets that fit the loss. */
function data(c: SpecCase): { inputs: number[][]; targets: number[][] } {
  const rng = new Rng(c.seed, 'test-data');
  const out = c.layers[c.layers.length - 1][0];
  const inputs = Array.from({ length: c.rows }, () => Array.from({ length: c.input }, () => rng.uniform(-2, 2)));
  const targets = inputs.map(() => {
    if (c.loss === 'cross-entropy') {
      const k = rng.int(out);
      return Array.from({ length: out }, (_, j) => (j === k ? 1 : 0));
    }
    return Array.from({ length: out }, () => (c.loss === 'mse' ? rng.uniform(-1, 1) : rng.int(2)));
  });
  return { inputs, targets };
}

/** The case as spec text (weights drawn by the engine from the seed). */
export function specText(c: SpecCase): string {
  return JSON.stringify(
    {
      name: c.name,
      seed: c.seed,
      input: c.input,
      layers: c.layers.map(([units, activation], l) => ({ name: `layer${l + 1}`, units, activation })),
      loss: c.lossOutputs ? { type: c.loss, outputs: c.lossOutputs } : c.loss,
      optimizer: c.optimizer,
      training: c.training,
      data: c.data ?? data(c),
    },
    null,
    1,
  );
}

/** The case parsed; fails the test when the spec has errors. */
export function specOf(c: SpecCase): Spec {
  const { spec, problems } = parseSpec(specText(c), memoryHost({}));
  assert.ok(spec, problems.map((p) => p.message).join('\n'));
  return spec;
}

/** A hidden layer of each activation, with the loss its output needs. */
export function activationCases(): SpecCase[] {
  const hidden: ActivationName[] = ['identity', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'elu', 'softplus', 'gelu'];
  return [
    ...hidden.map((f, i): SpecCase => ({
      name: `act-${f}`,
      input: 3,
      layers: [
        [5, f],
        [2, f],
      ],
      loss: 'mse',
      optimizer: { type: 'sgd', learningRate: 0.1 },
      training: { batchSize: 4, shuffle: false },
      rows: 10,
      seed: 11 + i,
    })),
    {
      name: 'act-softmax',
      input: 3,
      layers: [
        [4, 'tanh'],
        [3, 'softmax'],
      ],
      loss: 'cross-entropy',
      optimizer: { type: 'sgd', learningRate: 0.1 },
      training: { batchSize: 4, shuffle: false },
      rows: 10,
      seed: 5,
    },
  ];
}
