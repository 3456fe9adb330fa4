// Reads an ONNX model built of dense layers (Gemm, MatMul + Add, Transpose + MatMul + Add) and element-wise
// activations back into a network; anything else is an error naming the node, its op and what is supported.
import type { ActivationName, Precision } from '../../engine/types';
import { ACTIVATION_OPS, identifyActivation, softmaxAxis, type ProbeNode } from '../activationProbe';
import { InteropError, type BridgeLayer, type BridgeNetwork } from '../network';
import { decodeOnnx, DATA_TYPE, int64, truncation, type OnnxGraph, type OnnxModel, type OnnxNode } from './proto';
import { constantNodeValue, float32Attribute, isFloatType, tensorValues, typeName, type Constant } from './tensors';

export interface ImportedOnnx {
  network: BridgeNetwork;
  /** float64 when the model computes in DOUBLE, else float32. */
  precision: Precision;
  /** The model's metadata_props. */
  metadata: Record<string, string>;
}

const LINEAR_OPS = ['Gemm', 'MatMul'];
/** Ops folded away when all their inputs are constants (weights stored transposed, cast, or renamed). */
const FOLDABLE = ['Constant', 'Identity', 'Cast', 'Transpose'];
const SUPPORTED =
  `a chain of dense layers (Gemm; MatMul + Add; Transpose of a weight) and element-wise activations built of ` +
  `${ACTIVATION_OPS.join(', ')}`;

/** Why protobufjs gave up, said with the byte offset and the file's size. */
function decodeFailure(err: unknown, bytes: Uint8Array): InteropError {
  const cut = truncation(bytes);
  if (cut)
    return new InteropError(
      `is truncated or not an ONNX model: ${cut.field} at byte offset ${cut.offset} needs ${cut.need} byte(s), ` +
        `but only ${cut.left} remain (the file has ${bytes.length} bytes)`,
    );
  const text = err instanceof Error ? err.message : String(err);
  return new InteropError(`is not an ONNX model (${text}); expected a protobuf ModelProto (*.onnx)`);
}

/** Node name and op for messages, e.g. `node "fc1/Gemm" (Gemm)`. */
function label(node: OnnxNode, index: number): string {
  return `node "${node.name || `#${index}`}" (${node.opType ?? '?'})`;
}

class GraphIndex {
  readonly constants = new Map<string, Constant>();
  readonly consumers = new Map<string, number[]>();
  readonly opset: number;
  /** Nodes that are part of the network (folded constants included); the rest must be none. */
  readonly used = new Set<number>();

  constructor(
    readonly graph: OnnxGraph,
    model: OnnxModel,
  ) {
    const domains = model.opsetImport ?? [];
    this.opset = int64(domains.find((d) => !d.domain || d.domain === 'ai.onnx')?.version) || 1;
    for (const t of graph.initializer ?? []) {
      if (t.name) this.constants.set(t.name, tensorValues(t, `initializer "${t.name}"`));
    }
    this.nodes.forEach((node, i) => {
      const inputs = (node.input ?? []).filter((n) => n !== '');
      if (FOLDABLE.includes(node.opType ?? '') && inputs.every((n) => this.constants.has(n))) {
        this.fold(node, i);
        return;
      }
      for (const name of inputs) this.consumers.set(name, [...(this.consumers.get(name) ?? []), i]);
    });
  }

  get nodes(): OnnxNode[] {
    return this.graph.node ?? [];
  }

  label(i: number): string {
    return label(this.nodes[i], i);
  }

  usersOf(tensor: string): number[] {
    return this.consumers.get(tensor) ?? [];
  }

  isOutput(tensor: string): boolean {
    return (this.graph.output ?? []).some((o) => o.name === tensor);
  }

  private fold(node: OnnxNode, i: number): void {
    const out = node.output?.[0];
    if (!out) return;
    const what = label(node, i);
    const [first] = (node.input ?? []).map((n) => this.constants.get(n) as Constant);
    if (node.opType === 'Constant') this.constants.set(out, constantNodeValue(node, what));
    else if (node.opType === 'Transpose') this.constants.set(out, transpose(first, node, what));
    else if (node.opType === 'Cast') this.constants.set(out, castTo(first, node));
    else this.constants.set(out, first);
    this.used.add(i);
  }
}

/** A 2-D constant transposed (the only transpose a dense weight needs). */
function transpose(c: Constant, node: OnnxNode, what: string): Constant {
  const perm = node.attribute?.find((a) => a.name === 'perm')?.ints?.map(int64) ?? [1, 0];
  if (c.dims.length !== 2 || perm[0] !== 1 || perm[1] !== 0)
    throw new InteropError(
      `${what} transposes a [${c.dims.join(', ')}] constant with perm [${perm.join(', ')}]; ` +
        `only 2-D weights transposed with perm [1, 0] are supported`,
    );
  const [rows, cols] = c.dims;
  const values = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) values[k * rows + r] = c.values[r * cols + k];
  return { dims: [cols, rows], values, dataType: c.dataType };
}

function castTo(c: Constant, node: OnnxNode): Constant {
  const to = int64(node.attribute?.find((a) => a.name === 'to')?.i);
  const values = to === DATA_TYPE.FLOAT ? c.values.map(Math.fround) : c.values;
  return { dims: c.dims, values, dataType: to || c.dataType };
}

const attrInt = (node: OnnxNode, name: string, fallback: number): number => {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.i === undefined ? fallback : int64(a.i);
};
const attrFloat = (node: OnnxNode, name: string, fallback: number): number => {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.f === undefined ? fallback : float32Attribute(a.f);
};

interface Linear {
  units: number;
  fanIn: number;
  weights: Float64Array;
  biases: Float64Array;
  /** The pre-activation tensor z. */
  out: string;
  /** Weight tensor name, for the layer's name. */
  weightName: string;
}

/** A constant weight matrix read by a linear node, or an error saying why it is not one. */
function weightOf(g: GraphIndex, name: string, what: string): Constant {
  const c = g.constants.get(name);
  if (!c) throw new InteropError(`${what} multiplies by "${name}", which is not a constant weight (an initializer)`);
  if (!isFloatType(c.dataType))
    throw new InteropError(`${what}: weight "${name}" has data type ${typeName(c.dataType)}; expected a float type`);
  if (c.dims.length !== 2)
    throw new InteropError(`${what}: weight "${name}" has shape [${c.dims.join(', ')}]; expected a 2-D matrix`);
  return c;
}

/** A bias of `units` values (a scalar broadcasts), scaled by `beta`. */
function biasOf(g: GraphIndex, name: string, units: number, beta: number, what: string): Float64Array {
  const c = g.constants.get(name);
  if (!c) throw new InteropError(`${what} adds "${name}", which is not a constant bias (an initializer)`);
  if (!isFloatType(c.dataType))
    throw new InteropError(`${what}: bias "${name}" has data type ${typeName(c.dataType)}; expected a float type`);
  if (c.values.length !== units && c.values.length !== 1)
    throw new InteropError(
      `${what}: bias "${name}" has shape [${c.dims.join(', ')}]; expected [${units}] (one per unit)`,
    );
  return Float64Array.from({ length: units }, (_, j) => beta * c.values[c.values.length === 1 ? 0 : j]);
}

/** Reads the dense layer that node i starts (reading tensor x), marking its nodes used. */
function readLinear(g: GraphIndex, i: number, x: string): Linear {
  const node = g.nodes[i];
  const what = g.label(i);
  const [a, b, c] = node.input ?? [];
  if (a !== x) throw new InteropError(`${what} takes the layer input "${x}" as its second operand; expected the first`);
  g.used.add(i);
  if (node.opType === 'Gemm') {
    if (attrInt(node, 'transA', 0) !== 0)
      throw new InteropError(`${what} has transA = 1; the input must not be transposed`);
    const transB = attrInt(node, 'transB', 0) !== 0;
    const W = weightOf(g, b, what);
    // transB: B is [units, fanIn] (nn.Linear's layout); else [fanIn, units].
    const [units, fanIn] = transB ? W.dims : [W.dims[1], W.dims[0]];
    const alpha = attrFloat(node, 'alpha', 1);
    const weights = new Float64Array(units * fanIn);
    for (let j = 0; j < units; j++)
      for (let k = 0; k < fanIn; k++) weights[j * fanIn + k] = alpha * W.values[transB ? j * fanIn + k : k * units + j];
    const biases = c ? biasOf(g, c, units, attrFloat(node, 'beta', 1), what) : new Float64Array(units);
    return { units, fanIn, weights, biases, out: node.output![0], weightName: b };
  }
  const W = weightOf(g, b, what); // MatMul: x [batch, fanIn] · B [fanIn, units]
  const [fanIn, units] = W.dims;
  const weights = new Float64Array(units * fanIn);
  for (let j = 0; j < units; j++) for (let k = 0; k < fanIn; k++) weights[j * fanIn + k] = W.values[k * units + j];
  let out = node.output![0];
  let biases: Float64Array = new Float64Array(units);
  const users = g.usersOf(out);
  const add = users.length === 1 ? users[0] : -1;
  const addNode = g.nodes[add];
  if (addNode?.opType === 'Add' && !g.isOutput(out)) {
    const other = (addNode.input ?? []).find((n) => n !== out) ?? '';
    if (g.constants.has(other)) {
      biases = biasOf(g, other, units, 1, g.label(add));
      g.used.add(add);
      out = addNode.output![0];
    }
  }
  return { units, fanIn, weights, biases, out, weightName: b };
}

/**
 * The nodes from z up to the next dense layer (or the graph's output), in graph order, and the one tensor that
 * leaves them.
 */
function activationRegion(g: GraphIndex, z: string, where: string): { nodes: number[]; out: string } {
  const region = new Set<number>();
  const produced = new Set<string>([z]);
  const leaving = new Set<string>();
  const queue = [z];
  while (queue.length > 0) {
    const t = queue.shift()!;
    if (g.isOutput(t)) leaving.add(t);
    for (const i of g.usersOf(t)) {
      const node = g.nodes[i];
      if (LINEAR_OPS.includes(node.opType ?? '')) {
        leaving.add(t);
        continue;
      }
      if (region.has(i)) continue;
      if (!ACTIVATION_OPS.includes(node.opType ?? ''))
        throw new InteropError(`${g.label(i)} is not supported; a model here is ${SUPPORTED}`);
      region.add(i);
      for (const o of node.output ?? []) {
        produced.add(o);
        queue.push(o);
      }
    }
  }
  const nodes = [...region].sort((a, b) => a - b);
  for (const i of nodes) {
    for (const name of g.nodes[i].input ?? []) {
      if (name !== '' && !produced.has(name) && !g.constants.has(name))
        throw new InteropError(
          `${g.label(i)} reads "${name}", which comes from outside ${where}; only chains of dense layers are supported`,
        );
    }
  }
  if (leaving.size > 1)
    throw new InteropError(
      `${where} branches: ${[...leaving].map((t) => `"${t}"`).join(' and ')} both leave it; only chains of dense ` +
        `layers are supported`,
    );
  return { nodes, out: [...leaving][0] ?? z };
}

/** The activation a region computes: Softmax (alone, on the last axis) or an element-wise function. */
function regionActivation(
  g: GraphIndex,
  region: { nodes: number[]; out: string },
  z: string,
  tolerance: number,
  where: string,
): ActivationName {
  const softmax = region.nodes.filter((i) => g.nodes[i].opType === 'Softmax');
  if (softmax.length === 0) {
    if (region.nodes.length === 0) return 'identity';
    const probe: ProbeNode[] = region.nodes.map((i) => ({ node: g.nodes[i], label: g.label(i) }));
    return identifyActivation(probe, z, region.out, g.constants, tolerance, where);
  }
  const others = region.nodes.filter((i) => !['Softmax', 'Identity'].includes(g.nodes[i].opType ?? ''));
  if (softmax.length > 1 || others.length > 0)
    throw new InteropError(
      `${where}: ${region.nodes.map((i) => g.label(i)).join(', ')} combine Softmax with other ops; Softmax is ` +
        `supported alone, as the output activation`,
    );
  const axis = softmaxAxis(g.nodes[softmax[0]], g.opset);
  if (axis !== 1)
    throw new InteropError(`${g.label(softmax[0])} normalizes over axis ${axis}; expected the last axis (the units)`);
  return 'softmax';
}

/** A layer name from its weight's name: `fc1.weight` → fc1; PyTorch's `0.weight` and odd names → layer<k>. */
function layerName(weightName: string, index: number): string {
  const base = weightName.replace(/[._/:]?(weight|W|kernel)$/i, '');
  return /^[A-Za-z_][\w-]*$/.test(base) ? base : `layer${index + 1}`;
}

/** The network an ONNX model holds; an InteropError (with where) for anything that is not a dense chain. */
export function importOnnx(bytes: Uint8Array): ImportedOnnx {
  let model: OnnxModel;
  try {
    model = decodeOnnx(bytes);
  } catch (err) {
    throw decodeFailure(err, bytes);
  }
  const graph = model.graph;
  if (!graph || !graph.node?.length)
    throw new InteropError(`is not an ONNX model: it holds no graph${int64(model.irVersion) ? ' nodes' : ''}`);
  const g = new GraphIndex(graph, model);
  const inputs = (graph.input ?? []).filter((v) => v.name && !g.constants.has(v.name));
  if (inputs.length !== 1)
    throw new InteropError(
      `has ${inputs.length} graph inputs (${inputs.map((v) => `"${v.name}"`).join(', ')}); expected one [batch, ` +
        `features] input`,
    );
  if ((graph.output ?? []).length !== 1)
    throw new InteropError(`has ${(graph.output ?? []).length} graph outputs; expected one`);
  const input = inputs[0];
  const tensorType = input.type?.tensorType;
  const elemType = tensorType?.elemType ?? DATA_TYPE.FLOAT;
  if (!isFloatType(elemType))
    throw new InteropError(`input "${input.name}" has data type ${typeName(elemType)}; expected a float type`);
  const precision: Precision = elemType === DATA_TYPE.DOUBLE ? 'float64' : 'float32';
  const dims = tensorType?.shape?.dim;
  if (dims && dims.length !== 2)
    throw new InteropError(
      `input "${input.name}" has ${dims.length} dimensions; expected 2 ([batch, features]): flatten the input first`,
    );
  const declaredWidth = dims?.[1]?.dimValue === undefined ? undefined : int64(dims[1].dimValue) || undefined;
  // float32 constants carry ~6e-8 relative rounding into an activation; float64 ones almost none.
  const tolerance = precision === 'float64' ? 1e-9 : 1e-5;

  const layers: BridgeLayer[] = [];
  let x = input.name!;
  let width = declaredWidth;
  while (!(layers.length > 0 && g.isOutput(x))) {
    const users = g.usersOf(x);
    const where = layers.length === 0 ? `input "${x}"` : `the output "${x}" of layer ${layers.length}`;
    const linear = users.filter((i) => LINEAR_OPS.includes(g.nodes[i].opType ?? ''));
    if (users.length !== 1 || linear.length !== 1) {
      const found = users.length === 0 ? 'nothing' : users.map((i) => g.label(i)).join(', ');
      throw new InteropError(`${where} goes to ${found}; expected one Gemm or MatMul (a dense layer): ${SUPPORTED}`);
    }
    const lin = readLinear(g, linear[0], x);
    const layerNo = layers.length + 1;
    if (width !== undefined && lin.fanIn !== width)
      throw new InteropError(
        `${g.label(linear[0])}: weight "${lin.weightName}" takes ${lin.fanIn} features, but ${where} has ` +
          `${width}; the shapes don't chain`,
      );
    const region = activationRegion(g, lin.out, `layer ${layerNo}'s activation`);
    region.nodes.forEach((i) => g.used.add(i));
    const activation = regionActivation(g, region, lin.out, tolerance, `layer ${layerNo}`);
    layers.push({
      name: layerName(lin.weightName, layers.length),
      units: lin.units,
      fanIn: lin.fanIn,
      activation,
      weights: lin.weights,
      biases: lin.biases,
    });
    x = region.out;
    width = lin.units;
  }
  const unused = g.nodes.flatMap((_, i) => (g.used.has(i) ? [] : [g.label(i)]));
  if (unused.length > 0)
    throw new InteropError(`${unused.join(', ')} lie outside the chain from input to output; ${SUPPORTED}`);
  const names = layers.map((l) => l.name);
  if (new Set(names).size !== names.length) layers.forEach((l, i) => (l.name = `layer${i + 1}`));
  const metadata = Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
  return {
    network: { name: metadata.name || graph.name || 'imported', input: layers[0].fanIn, layers },
    precision,
    metadata,
  };
}
