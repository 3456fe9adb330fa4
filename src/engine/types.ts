// The plain-data model the engine trains: what a validated spec becomes, with every default filled in.
import type { ActivationName } from '../shared/activations';

export { ACTIVATIONS, type ActivationName } from '../shared/activations';
export type { ParamRef } from '../shared/paramLayout';

export type Precision = 'float32' | 'float64';

/** A row-major numeric buffer in the session's precision. */
export type Floats = Float64Array | Float32Array;

export const LOSSES = ['mse', 'binary-cross-entropy', 'cross-entropy'] as const;
export type LossName = (typeof LOSSES)[number];

/** How a loss combines one sample's per-output terms: their mean (÷ output units) or their sum. */
export const LOSS_OUTPUTS = ['mean', 'sum'] as const;
export type LossOutputs = (typeof LOSS_OUTPUTS)[number];

export const OPTIMIZERS = ['sgd', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const GENERATORS = ['xor', 'circle', 'spiral', 'gaussian', 'moons'] as const;
export type GeneratorName = (typeof GENERATORS)[number];

export type InitSpec = 'xavier' | 'he' | 'zeros' | { normal: number } | { uniform: number };

export type OptimizerConfig =
  | { type: 'sgd'; learningRate: number; momentum: number }
  | { type: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number }
  | { type: 'rmsprop'; learningRate: number; rho: number; epsilon: number };

export interface TrainingConfig {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  l2: number;
  validationSplit: number;
  precision: Precision;
}

export interface LayerConfig {
  name: string;
  units: number;
  activation: ActivationName;
  init: InitSpec;
  /** [units][fanIn] when the spec writes them out; otherwise drawn from `init`. */
  weights?: number[][];
  /** [units] when the spec writes them out; otherwise zeros. */
  biases?: number[];
}

export interface ModelConfig {
  seed: number;
  input: number;
  layers: LayerConfig[];
  loss: LossName;
  /** The loss's reduction over the output units (spec `loss.outputs`); always "sum" for cross-entropy. */
  lossOutputs: LossOutputs;
  optimizer: OptimizerConfig;
  training: TrainingConfig;
}

/** Samples as rows: inputs [rows, inputSize], targets [rows, outputSize], both row-major. */
export interface Dataset {
  rows: number;
  inputSize: number;
  outputSize: number;
  /** In the training precision where a loader knew it (file data), else float64. */
  inputs: Floats;
  targets: Floats;
  /**
   * Rows at the end held out for validation by a separate validation source; when present it replaces
   * floor(validationSplit · rows).
   */
  heldOut?: number;
}
