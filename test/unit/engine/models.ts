// Builders for small models and data sets used across the engine tests.
import {
  reductionsOf,
  Rng,
  type ActivationName,
  type Dataset,
  type LossName,
  type LossOutputs,
  type ModelConfig,
  type OptimizerConfig,
} from '../../../src/engine';

export interface ModelOptions {
  input?: number;
  hidden?: { units: number; activation: ActivationName }[];
  output?: { units: number; activation: ActivationName };
  loss?: LossName;
  /** Default: the loss's own default reduction. */
  lossOutputs?: LossOutputs;
  optimizer?: OptimizerConfig;
  seed?: number;
  batchSize?: number;
  shuffle?: boolean;
  l2?: number;
  validationSplit?: number;
}

/** Wide enough that every layer has real work for the SIMD kernels; odd sizes cross their register tiles' edges. */
export const WIDE: ModelOptions = {
  input: 37,
  hidden: [
    { units: 29, activation: 'relu' },
    { units: 18, activation: 'tanh' },
  ],
  output: { units: 7, activation: 'softmax' },
  loss: 'cross-entropy',
  l2: 1e-3,
};

/** A model with every field filled, weights drawn from the seed. */
export function makeModel(o: ModelOptions = {}): ModelConfig {
  const hidden = o.hidden ?? [{ units: 4, activation: 'tanh' }];
  const output = o.output ?? { units: 1, activation: 'sigmoid' };
  return {
    seed: o.seed ?? 1,
    input: o.input ?? 3,
    layers: [...hidden, output].map((l, i) => ({
      name: `l${i + 1}`,
      units: l.units,
      activation: l.activation,
      init: 'xavier',
    })),
    loss: o.loss ?? 'binary-cross-entropy',
    lossOutputs: o.lossOutputs ?? reductionsOf(o.loss ?? 'binary-cross-entropy')[0],
    optimizer: o.optimizer ?? { type: 'sgd', learningRate: 0.1, momentum: 0 },
    training: {
      epochs: 10,
      batchSize: o.batchSize ?? 8,
      shuffle: o.shuffle ?? false,
      l2: o.l2 ?? 0,
      validationSplit: o.validationSplit ?? 0,
      precision: 'float64',
    },
  };
}

/** Random inputs in [-1, 1] with targets fitting the loss: 0/1 for BCE, one-hot for CE, reals for MSE. */
export function randomData(model: ModelConfig, rows: number, seed = 5): Dataset {
  const rng = new Rng(seed, 'test-data');
  const k = model.layers[model.layers.length - 1].units;
  const inputs = Float64Array.from({ length: rows * model.input }, () => rng.uniform(-1, 1));
  const targets = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    if (model.loss === 'cross-entropy') targets[r * k + rng.int(k)] = 1;
    else for (let c = 0; c < k; c++) targets[r * k + c] = model.loss === 'mse' ? rng.uniform(-1, 1) : rng.int(2);
  }
  return { rows, inputSize: model.input, outputSize: k, inputs, targets };
}
