// One sample through the network: every neuron's z, a and dJ/dz, and a parameter's gradient as chain-rule factors.
import { ACTIVATION_TABLE } from '../activations';
import { Network } from '../network';
import { evaluateObjective } from '../objective';
import type { ParamLayout } from '../../shared/paramLayout';
import { PlainKernels } from '../kernels/plain';
import type { ActivationName, Dataset, Floats, ModelConfig, ParamRef } from '../types';

export interface LayerTrace {
  name: string;
  activation: ActivationName;
  z: number[];
  a: number[];
  /** dJ/da; absent on an output layer fused with its loss, whose dJ/dz is formed directly. */
  dJda?: number[];
  dJdz: number[];
}

/** A sample's forward and backward pass, in float64. */
export interface SampleTrace {
  row: number;
  /** J of this sample alone (with the L2 term when the spec has one). */
  loss: number;
  inputs: number[];
  targets: number[];
  layers: LayerTrace[];
  /** θ, and dJ/dθ of this sample (what `grads` gives over this one row), in the engine's flat layout. */
  params: Float64Array;
  gradient: Float64Array;
}

/** Data row `row` through the network at θ (default: the spec's initial weights). */
export function traceSample(model: ModelConfig, data: Dataset, row: number, theta?: ArrayLike<number>): SampleTrace {
  const net = new Network(model, 'float64', theta);
  const loss = evaluateObjective(net, data, [row], model.training.l2, true);
  const last = model.layers.length - 1;
  const layers = model.layers.map((cfg, l) => {
    const v = net.batchView(l);
    const n = cfg.units;
    const trace: LayerTrace = {
      name: cfg.name,
      activation: cfg.activation,
      z: Array.from(v.Z.subarray(0, n)),
      a: Array.from(v.A.subarray(0, n)),
      dJdz: Array.from(v.dZ.subarray(0, n)),
    };
    if (!(l === last && net.outputFused)) trace.dJda = Array.from(v.dA.subarray(0, n));
    return trace;
  });
  const at = (values: Floats, width: number): number[] => Array.from(values.subarray(row * width, (row + 1) * width));
  return {
    row,
    loss,
    inputs: at(data.inputs, data.inputSize),
    targets: at(data.targets, data.outputSize),
    layers,
    params: Float64Array.from(net.params),
    gradient: Float64Array.from(net.grads),
  };
}

/** One factor of a chain-rule product: what it is, and its value for the sample. */
export interface Factor {
  label: string;
  value: number;
}

/** dJ/dθ of one parameter for one sample, taken apart by the chain rule. */
export interface ParamChain {
  ref: ParamRef;
  path: string;
  value: number;
  /** Factors whose product, left to right, is dJ/dθ of the data loss. */
  factors: Factor[];
  product: number;
  /** λ·w, the L2 term's share of a weight's gradient (absent without L2 and for biases). */
  l2?: number;
  /** product (+ l2): the gradient the chain rule gives. */
  chain: number;
  /** The gradient backprop computed for this sample, for comparison with `chain`. */
  backprop: number;
}

/** The chain-rule factors of parameter `ref` in `trace`. */
export function chainOf(trace: SampleTrace, model: ModelConfig, layout: ParamLayout, ref: ParamRef): ParamChain {
  const l = ref.layer;
  const j = ref.row;
  const layer = trace.layers[l];
  const last = l === trace.layers.length - 1;
  const factors: Factor[] = [];
  if (layer.dJda === undefined) {
    factors.push({
      label: `∂J/∂z of ${layer.name}[${j}]: a − y, divided as ${model.loss} averages (fused with ${layer.activation})`,
      value: layer.dJdz[j],
    });
  } else {
    const next = trace.layers[l + 1];
    factors.push({
      label:
        `∂J/∂a of ${layer.name}[${j}]` +
        (last
          ? ` (the derivative of ${model.loss} at the output)`
          : ` = Σᵢ ${next.name}.weights[i][${j}] · ∂J/∂z of ${next.name}[i]`),
      value: layer.dJda[j],
    });
    factors.push({
      label: `${layer.activation}′(z) at z = ${layer.z[j]}`,
      value: derivative(layer.activation, layer.z[j], layer.a[j]),
    });
  }
  if (ref.kind === 'weight') {
    const k = ref.col;
    factors.push(
      l === 0
        ? { label: `input[${k}]`, value: trace.inputs[k] }
        : { label: `a of ${trace.layers[l - 1].name}[${k}]`, value: trace.layers[l - 1].a[k] },
    );
  }
  const product = factors.reduce((p, f) => p * f.value, 1);
  const i = layout.indexOf(ref);
  const value = trace.params[i];
  const lambda = model.training.l2;
  const chain: ParamChain = {
    ref,
    path: layout.pathOf(ref),
    value,
    factors,
    product,
    chain: product,
    backprop: trace.gradient[i],
  };
  if (lambda !== 0 && ref.kind === 'weight') {
    chain.l2 = lambda * value;
    chain.chain = product + chain.l2;
  }
  return chain;
}

const F64 = new PlainKernels('float64');

/** f′(z) as the engine's own backward pass computes it: the activation's chain-rule map applied to dJ/da = 1. */
function derivative(activation: ActivationName, z: number, a: number): number {
  const out = new Float64Array(1);
  ACTIVATION_TABLE[activation].backward(F64, Float64Array.of(z), Float64Array.of(a), Float64Array.of(1), out, 1, 1);
  return out[0];
}

/**
 * The parameter a path names, in the form `pathOf` prints (`hidden.weights[2][1]`, `out.biases[0]`) or by layer index
 * (`layers[0].weights[2][1]`); a message saying what exists when it names none.
 */
export function refOfPath(layout: ParamLayout, path: string): ParamRef | string {
  const m = /^\s*(?:layers\[(\d+)\]|([^.[\]\s]+))\.(weights|biases)\[(\d+)\](?:\[(\d+)\])?\s*$/.exec(path);
  const names = layout.layers.map((s) => `${s.name} (weights [${s.units}][${s.fanIn}], biases [${s.units}])`);
  const known = `the layers are ${names.join(', ')}`;
  if (!m)
    return `"${path}" is not a parameter path like ${layout.pathOf({ layer: 0, kind: 'weight', row: 0, col: 0 })}`;
  const [, index, name, kind, rowText, colText] = m;
  const layer = index !== undefined ? Number(index) : layout.layers.findIndex((s) => s.name === name);
  const slots = layout.layers[layer];
  if (!slots) return `"${path}": there is no layer ${index !== undefined ? `[${index}]` : `"${name}"`}; ${known}`;
  const row = Number(rowText);
  if (kind === 'biases') {
    if (colText !== undefined) return `"${path}": biases have one index, e.g. ${slots.name}.biases[0]`;
    if (row >= slots.units) return `"${path}": ${slots.name} has ${slots.units} biases (0..${slots.units - 1})`;
    return { layer, kind: 'bias', row };
  }
  if (colText === undefined)
    return `"${path}": weights have two indices [unit][input], e.g. ${slots.name}.weights[0][0]`;
  const col = Number(colText);
  if (row >= slots.units || col >= slots.fanIn)
    return (
      `"${path}": ${slots.name}.weights is [${slots.units}][${slots.fanIn}] ` +
      `(unit 0..${slots.units - 1}, input 0..${slots.fanIn - 1})`
    );
  return { layer, kind: 'weight', row, col };
}
