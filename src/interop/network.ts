// What the bridges exchange: a dense network's shape, activations and one set of weights, in float64.
import { ParamLayout } from '../shared/paramLayout';
import type { ActivationName, ModelConfig } from '../engine/types';

export interface BridgeLayer {
  name: string;
  units: number;
  fanIn: number;
  activation: ActivationName;
  /** [units, fanIn], row-major: row j holds the weights into unit j (the spec's and nn.Linear's layout). */
  weights: Float64Array;
  biases: Float64Array;
}

export interface BridgeNetwork {
  name: string;
  input: number;
  layers: BridgeLayer[];
}

/** The network of a model at parameters θ (the flat vector of ParamLayout). */
export function bridgeNetwork(name: string, model: ModelConfig, theta: ArrayLike<number>): BridgeNetwork {
  const layout = new ParamLayout(model);
  const values = Float64Array.from(theta);
  return {
    name,
    input: model.input,
    layers: layout.layers.map((s, l) => ({
      name: s.name,
      units: s.units,
      fanIn: s.fanIn,
      activation: model.layers[l].activation,
      weights: values.slice(s.wOffset, s.bOffset),
      biases: values.slice(s.bOffset, s.bOffset + s.units),
    })),
  };
}

/** Layer names safe to use as tensor-name prefixes: the spec's when they are unique identifiers, else layer1, … */
export function tensorPrefixes(net: BridgeNetwork): string[] {
  const names = net.layers.map((l) => l.name);
  const usable = names.every((n) => /^[A-Za-z_][\w-]*$/.test(n)) && new Set(names).size === names.length;
  return usable ? names : names.map((_, l) => `layer${l + 1}`);
}

/** An error in a model file the user gave: the message says what is wrong and where (tensor, node, byte offset). */
export class InteropError extends Error {}
