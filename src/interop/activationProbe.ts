// Names the activation an ONNX sub-graph computes, however an exporter spelled it (Relu, or PyTorch's dozen ops for
// the tanh GELU, or this project's float64 forms): evaluates it element-wise on probe points in float64 and compares
// it with each of the spec's activations.
import { ACTIVATIONS, SCALAR_ACTIVATIONS, type ActivationName, type ElementwiseName } from '../shared/activations';
import { InteropError } from './network';
import { int64, type OnnxAttribute, type OnnxNode } from './onnx/proto';
import { float32Attribute, type Constant } from './onnx/tensors';

type Values = Float64Array;
type Op = (inputs: Values[], attr: (name: string) => OnnxAttribute | undefined) => Values;

const map1 =
  (f: (x: number) => number): Op =>
  ([x]) =>
    x.map(f);
const map2 =
  (f: (x: number, y: number) => number): Op =>
  ([x, y]) =>
    x.map((v, i) => f(v, y[i]));
const fold =
  (f: (x: number, y: number) => number): Op =>
  (xs) =>
    xs.slice(1).reduce((acc, x) => acc.map((v, i) => f(v, x[i])), xs[0]);
const floatAttr = (a: OnnxAttribute | undefined, fallback: number): number =>
  a?.f === undefined ? fallback : float32Attribute(a.f);

/** erf to ~1e-7 (Abramowitz & Stegun 7.1.26): enough to tell GELU's erf form from the spec's tanh form. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x < 0 ? -y : y;
}

const spec = (name: ElementwiseName): ((x: number) => number) => SCALAR_ACTIVATIONS[name].f;

/** The element-wise ops an activation may be built of, with ONNX's semantics (and attribute defaults). */
const OPS: Record<string, Op> = {
  Identity: ([x]) => x,
  Relu: map1((x) => (x > 0 ? x : 0)),
  Sigmoid: map1(spec('sigmoid')),
  Tanh: map1(Math.tanh),
  Softplus: map1(spec('softplus')),
  LeakyRelu: ([x], attr) => {
    const alpha = floatAttr(attr('alpha'), 0.01);
    return x.map((v) => (v >= 0 ? v : alpha * v));
  },
  Elu: ([x], attr) => {
    const alpha = floatAttr(attr('alpha'), 1);
    return x.map((v) => (v >= 0 ? v : alpha * Math.expm1(v)));
  },
  Gelu: ([x], attr) => {
    const tanh = String.fromCharCode(...(attr('approximate')?.s ?? [])) === 'tanh';
    return x.map(tanh ? spec('gelu') : (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
  },
  Exp: map1(Math.exp),
  Log: map1(Math.log),
  Abs: map1(Math.abs),
  Neg: map1((x) => -x),
  Sqrt: map1(Math.sqrt),
  Reciprocal: map1((x) => 1 / x),
  Erf: map1(erf),
  Add: map2((x, y) => x + y),
  Sub: map2((x, y) => x - y),
  Mul: map2((x, y) => x * y),
  Div: map2((x, y) => x / y),
  Pow: map2(Math.pow),
  Max: fold(Math.max),
  Min: fold(Math.min),
  Greater: map2((x, y) => (x > y ? 1 : 0)),
  Less: map2((x, y) => (x < y ? 1 : 0)),
  GreaterOrEqual: map2((x, y) => (x >= y ? 1 : 0)),
  LessOrEqual: map2((x, y) => (x <= y ? 1 : 0)),
  Where: ([c, x, y]) => c.map((v, i) => (v !== 0 ? x[i] : y[i])),
  Clip: ([x, lo, hi], attr) => {
    const min = lo?.[0] ?? floatAttr(attr('min'), -Infinity);
    const max = hi?.[0] ?? floatAttr(attr('max'), Infinity);
    return x.map((v) => Math.min(Math.max(v, min), max));
  },
  Cast: ([x]) => x,
};

/** The op types an activation sub-graph may contain (Softmax only as the last op, on the last axis). */
export const ACTIVATION_OPS = [...Object.keys(OPS), 'Softmax'];

/** Probe points: dense near 0 where activations differ most, sparse far out where they saturate or overflow. */
const PROBES = Float64Array.from([
  ...Array.from({ length: 97 }, (_, i) => -12 + i * 0.25),
  -30,
  -20,
  20,
  30,
  -1e-3,
  1e-3,
  -1e-8,
  1e-8,
]);

/** One node of a sub-graph with where its inputs come from: the sub-graph's input, another node or a constant. */
export interface ProbeNode {
  node: OnnxNode;
  /** A short name for messages: `'fc1/Mul' (Mul)`. */
  label: string;
}

/**
 * Evaluates `nodes` (in graph order) on the probe points with `input` holding them, every other input a scalar
 * constant; returns the values of `output`.
 */
function evaluate(nodes: ProbeNode[], input: string, output: string, constants: Map<string, Constant>): Values {
  const values = new Map<string, Values>([[input, PROBES]]);
  for (const { node, label } of nodes) {
    const op = OPS[node.opType ?? ''];
    if (!op) throw new Error(`Internal error: ${label} reached the probe`);
    const inputs = (node.input ?? []).map((name) => {
      if (name === '') return undefined as unknown as Values; // an omitted optional input
      const v = values.get(name);
      if (v) return v;
      const c = constants.get(name);
      if (!c) throw new InteropError(`${label} reads "${name}", which is neither computed before it nor a constant`);
      if (c.values.length !== 1)
        throw new InteropError(
          `${label} reads constant "${name}" of shape [${c.dims.join(', ')}]; an activation may only use scalar ` +
            `constants (one value for every unit)`,
        );
      return new Float64Array(PROBES.length).fill(c.values[0]);
    });
    const out = op(inputs, (name) => node.attribute?.find((a) => a.name === name));
    (node.output ?? []).slice(0, 1).forEach((name) => values.set(name, out));
  }
  const out = values.get(output);
  if (!out) throw new Error(`Internal error: the probe did not compute ${output}`);
  return out;
}

/** Largest error of `got` against activation f, relative to max(1, |f(z)|), and where it is. */
function worstError(got: Values, f: ElementwiseName): { error: number; at: number; want: number; got: number } {
  const want = PROBES.map(SCALAR_ACTIVATIONS[f].f);
  let worst = { error: -1, at: 0, want: 0, got: 0 };
  PROBES.forEach((z, i) => {
    const e = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
    const error = Number.isNaN(e) ? Infinity : e;
    if (error > worst.error) worst = { error, at: z, want: want[i], got: got[i] };
  });
  return worst;
}

/**
 * The spec activation the element-wise nodes compute from `input` to `output`, within `tolerance` (relative to
 * max(1, |f(z)|)); an InteropError naming the nodes and the nearest activation when none matches.
 */
export function identifyActivation(
  nodes: ProbeNode[],
  input: string,
  output: string,
  constants: Map<string, Constant>,
  tolerance: number,
  where: string,
): ActivationName {
  const got = evaluate(nodes, input, output, constants);
  const elementwise = ACTIVATIONS.filter((f): f is ElementwiseName => f !== 'softmax');
  const candidates = elementwise.map((f) => ({ f, ...worstError(got, f) }));
  const best = candidates.reduce((a, b) => (b.error < a.error ? b : a));
  if (best.error <= tolerance) return best.f;
  const ops = nodes.map((n) => n.label).join(', ');
  const fmt = (v: number): string => String(Number(v.toPrecision(6)));
  throw new InteropError(
    `${where}: ${ops} compute an element-wise function that is none of the spec's activations ` +
      `(${ACTIVATIONS.join(', ')}); the nearest is ${best.f}, but at z = ${fmt(best.at)} it gives ${fmt(best.got)} ` +
      `where ${best.f} gives ${fmt(best.want)}` +
      (best.f === 'gelu' ? ' (the spec\'s gelu is the tanh approximation; export with approximate="tanh")' : ''),
  );
}

/** The axis a Softmax node normalizes over, for a rank-2 input (default −1 from opset 13 on, 1 before). */
export function softmaxAxis(node: OnnxNode, opset: number): number {
  const a = node.attribute?.find((x) => x.name === 'axis');
  const axis = a?.i === undefined ? (opset >= 13 ? -1 : 1) : int64(a.i);
  return axis < 0 ? axis + 2 : axis;
}
