// Writes a network as an ONNX model (opset 13): Gemm layers, each activation as ONNX Runtime can run it in the
// chosen precision, a dynamic batch dimension, and the spec's name in the metadata.
import type { ActivationName, Precision } from '../../engine/types';
import { tensorPrefixes, type BridgeNetwork } from '../network';
import { ATTRIBUTE_TYPE, DATA_TYPE, encodeOnnx, type OnnxAttribute, type OnnxNode, type OnnxTensor } from './proto';

export const ONNX_OPSET = 13;
/** IR version 7 is the one ONNX 1.8 paired with opset 13: the oldest that can hold this model. */
const IR_VERSION = 7;

export interface OnnxExportOptions {
  precision: Precision;
  /** Leave the output activation off, so the model outputs the last layer's pre-activations. */
  logits?: boolean;
  /** Written as the model's producer_version. */
  producerVersion: string;
  /** Extra metadata_props entries (e.g. the spec's loss), beside the name. */
  metadata?: Record<string, string>;
}

/** The graph's input and output names. */
export const ONNX_INPUT = 'input';
export const onnxOutputName = (logits: boolean | undefined): string => (logits ? 'logits' : 'output');

/** Collects nodes and initializers, naming each node `<layer>/<Op>` and numbering repeats. */
class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();

  constructor(readonly precision: Precision) {}

  tensor(name: string, dims: number[], values: ArrayLike<number>): string {
    const array = this.precision === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
    this.initializers.push({
      name,
      dims,
      dataType: this.precision === 'float64' ? DATA_TYPE.DOUBLE : DATA_TYPE.FLOAT,
      // NOTE: raw little-endian bytes, as PyTorch writes them; a copy, so the buffer holds exactly this tensor.
      rawData: littleEndianBytes(array),
    });
    return name;
  }

  /** A scalar constant shared by every node that needs the same value. */
  scalar(value: number): string {
    const name = `const_${value}`;
    if (!this.initializers.some((t) => t.name === name)) this.tensor(name, [], [value]);
    return name;
  }

  node(scope: string, opType: string, inputs: string[], output?: string, attribute: OnnxAttribute[] = []): string {
    let name = `${scope}/${opType}`;
    for (let k = 2; this.used.has(name); k++) name = `${scope}/${opType}_${k}`;
    this.used.add(name);
    const out = output ?? `${name}:0`;
    this.nodes.push({ name, opType, input: inputs, output: [out], ...(attribute.length ? { attribute } : {}) });
    return out;
  }
}

function littleEndianBytes(array: Float32Array | Float64Array): Uint8Array {
  const out = new Uint8Array(array.length * array.BYTES_PER_ELEMENT);
  const view = new DataView(out.buffer);
  array.forEach((v, i) =>
    array.BYTES_PER_ELEMENT === 8 ? view.setFloat64(i * 8, v, true) : view.setFloat32(i * 4, v, true),
  );
  return out;
}

const floatAttr = (name: string, f: number): OnnxAttribute => ({ name, type: ATTRIBUTE_TYPE.FLOAT, f });
const intAttr = (name: string, i: number): OnnxAttribute => ({ name, type: ATTRIBUTE_TYPE.INT, i });

/**
 * Appends activation f(z) and returns its output tensor. ONNX Runtime has no float64 kernels for LeakyRelu, Elu and
 * Softplus, so in float64 they are written with ops it has (Max, Min, Exp, Log, …), each equal to the spec's formula.
 */
function activation(g: GraphBuilder, f: ActivationName, z: string, scope: string, out: string | undefined): string {
  const f64 = g.precision === 'float64';
  switch (f) {
    case 'identity':
      return out === undefined ? z : g.node(scope, 'Identity', [z], out);
    case 'sigmoid':
      return g.node(scope, 'Sigmoid', [z], out);
    case 'tanh':
      return g.node(scope, 'Tanh', [z], out);
    case 'relu':
      return g.node(scope, 'Relu', [z], out);
    case 'softmax':
      return g.node(scope, 'Softmax', [z], out, [intAttr('axis', -1)]);
    case 'leaky-relu':
      // max(z, 0.01 z) is z for z > 0 and 0.01 z otherwise.
      if (!f64) return g.node(scope, 'LeakyRelu', [z], out, [floatAttr('alpha', 0.01)]);
      return g.node(scope, 'Max', [z, g.node(scope, 'Mul', [z, g.scalar(0.01)])], out);
    case 'elu': {
      // relu(z) + (exp(min(z, 0)) − 1): z for z > 0, exp(z) − 1 otherwise; min keeps exp from overflowing.
      if (!f64) return g.node(scope, 'Elu', [z], out, [floatAttr('alpha', 1)]);
      const expm1 = g.node(scope, 'Sub', [g.node(scope, 'Exp', [g.node(scope, 'Min', [z, g.scalar(0)])]), g.scalar(1)]);
      return g.node(scope, 'Add', [g.node(scope, 'Relu', [z]), expm1], out);
    }
    case 'softplus': {
      // relu(z) + log(1 + exp(−|z|)): the spec's stable form, finite for every z.
      if (!f64) return g.node(scope, 'Softplus', [z], out);
      const e = g.node(scope, 'Exp', [g.node(scope, 'Neg', [g.node(scope, 'Abs', [z])])]);
      const log = g.node(scope, 'Log', [g.node(scope, 'Add', [e, g.scalar(1)])]);
      return g.node(scope, 'Add', [g.node(scope, 'Relu', [z]), log], out);
    }
    case 'gelu': {
      // 0.5 z (1 + tanh(sqrt(2/π) (z + 0.044715 z³))): opset 13 has no Gelu op (it came in opset 20).
      const cube = g.node(scope, 'Mul', [g.node(scope, 'Mul', [z, z]), z]);
      const inner = g.node(scope, 'Add', [z, g.node(scope, 'Mul', [cube, g.scalar(0.044715)])]);
      const t = g.node(scope, 'Tanh', [g.node(scope, 'Mul', [inner, g.scalar(Math.sqrt(2 / Math.PI))])]);
      const half = g.node(scope, 'Mul', [z, g.scalar(0.5)]);
      return g.node(scope, 'Mul', [half, g.node(scope, 'Add', [t, g.scalar(1)])], out);
    }
    default: {
      const unknown: never = f;
      throw new Error(`Internal error: no ONNX form for activation ${String(unknown)}`);
    }
  }
}

/** The network as ONNX model bytes. */
export function exportOnnx(net: BridgeNetwork, options: OnnxExportOptions): Uint8Array {
  const g = new GraphBuilder(options.precision);
  const prefixes = tensorPrefixes(net);
  const outputName = onnxOutputName(options.logits);
  const last = net.layers.length - 1;
  let x = ONNX_INPUT;
  net.layers.forEach((layer, l) => {
    const scope = prefixes[l];
    const W = g.tensor(`${scope}.weight`, [layer.units, layer.fanIn], layer.weights);
    const b = g.tensor(`${scope}.bias`, [layer.units], layer.biases);
    const f = l === last && options.logits ? 'identity' : layer.activation;
    const linearOut = l === last && f === 'identity' ? outputName : undefined;
    const z = g.node(scope, 'Gemm', [x, W, b], linearOut, [intAttr('transB', 1)]); // z = x Wᵀ + b
    x = activation(g, f, z, scope, l === last && linearOut === undefined ? outputName : undefined);
  });
  const elemType = options.precision === 'float64' ? DATA_TYPE.DOUBLE : DATA_TYPE.FLOAT;
  const valueInfo = (name: string, width: number) => ({
    name,
    type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
  });
  return encodeOnnx({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'Backprop Studio',
    producerVersion: options.producerVersion,
    docString: `${net.name}: a dense network exported from a Backprop Studio spec (*.nn.json)`,
    graph: {
      name: net.name,
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo(ONNX_INPUT, net.input)],
      output: [valueInfo(outputName, net.layers[last].units)],
    },
    metadataProps: Object.entries({ name: net.name, ...options.metadata }).map(([key, value]) => ({ key, value })),
  });
}
