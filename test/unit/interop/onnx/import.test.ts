// ONNX import: the layer patterns exporters emit, activations however they are spelled, and located errors.
import * as assert from 'node:assert/strict';
import { importOnnx, InteropError } from '../../../../src/interop';
import {
  ATTRIBUTE_TYPE,
  DATA_TYPE,
  encodeOnnx,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
} from '../../../../src/interop/onnx/proto';

const W1 = [0.5, -0.25, 1, 0.75, -1.5, 0.125]; // [2 units, 3 inputs] as nn.Linear stores it
const B1 = [0.1, -0.2];

function tensor(name: string, dims: number[], values: number[], dataType: number = DATA_TYPE.DOUBLE): OnnxTensor {
  if (dataType === DATA_TYPE.FLOAT) return { name, dims, dataType, floatData: values };
  return { name, dims, dataType, doubleData: values };
}

/** [fanIn, units] from [units, fanIn]. */
function transposed(w: number[], units: number, fanIn: number): number[] {
  return Array.from({ length: w.length }, (_, i) => w[(i % units) * fanIn + Math.floor(i / units)]);
}

const node = (
  name: string,
  opType: string,
  input: string[],
  output: string,
  attribute?: OnnxAttribute[],
): OnnxNode => ({
  name,
  opType,
  input,
  output: [output],
  ...(attribute ? { attribute } : {}),
});
const f = (name: string, v: number): OnnxAttribute => ({ name, type: ATTRIBUTE_TYPE.FLOAT, f: v });
const i = (name: string, v: number): OnnxAttribute => ({ name, type: ATTRIBUTE_TYPE.INT, i: v });

function model(nodes: OnnxNode[], initializer: OnnxTensor[], elemType: number = DATA_TYPE.DOUBLE, outputs = ['y']) {
  const info = (name: string, width: number) => ({
    name,
    type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'N' }, { dimValue: width }] } } },
  });
  return encodeOnnx({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: { name: 'g', node: nodes, initializer, input: [info('x', 3)], output: outputs.map((o) => info(o, 2)) },
  });
}

function expectError(bytes: Uint8Array, message: string): void {
  assert.throws(
    () => importOnnx(bytes),
    (e: unknown) => e instanceof InteropError && e.message.includes(message),
    message,
  );
}

describe('interop/onnx/import', () => {
  it('reads Gemm with transB = 1 (PyTorch), transB = 0 and alpha/beta scaling', () => {
    const a = importOnnx(
      model(
        [node('g', 'Gemm', ['x', 'W', 'b'], 'y', [i('transB', 1)])],
        [tensor('W', [2, 3], W1), tensor('b', [2], B1)],
      ),
    );
    assert.deepEqual(Array.from(a.network.layers[0].weights), W1);
    assert.deepEqual(Array.from(a.network.layers[0].biases), B1);
    assert.equal(a.precision, 'float64');
    const b = importOnnx(
      model(
        [node('g', 'Gemm', ['x', 'W', 'b'], 'y', [f('alpha', 2), f('beta', 0.5)])],
        [tensor('W', [3, 2], transposed(W1, 2, 3)), tensor('b', [2], B1)],
      ),
    );
    assert.deepEqual(
      Array.from(b.network.layers[0].weights),
      W1.map((w) => 2 * w),
    );
    assert.deepEqual(
      Array.from(b.network.layers[0].biases),
      B1.map((v) => 0.5 * v),
    );
  });

  it('reads MatMul + Add, Transpose + MatMul + Add, a bias-free MatMul and Constant nodes', () => {
    const matmulAdd = importOnnx(
      model(
        [node('mm', 'MatMul', ['x', 'Wt'], 'z'), node('add', 'Add', ['b', 'z'], 'y')],
        [tensor('Wt', [3, 2], transposed(W1, 2, 3)), tensor('b', [2], B1)],
      ),
    );
    assert.deepEqual(Array.from(matmulAdd.network.layers[0].weights), W1);
    assert.deepEqual(Array.from(matmulAdd.network.layers[0].biases), B1);
    const viaTranspose = importOnnx(
      model(
        [
          node('w', 'Constant', [], 'W', [{ name: 'value', type: ATTRIBUTE_TYPE.TENSOR, t: tensor('', [2, 3], W1) }]),
          node('t', 'Transpose', ['W'], 'Wt', [{ name: 'perm', type: ATTRIBUTE_TYPE.INTS, ints: [1, 0] }]),
          node('mm', 'MatMul', ['x', 'Wt'], 'z'),
          node('add', 'Add', ['z', 'b'], 'y'),
        ],
        [tensor('b', [2], B1)],
      ),
    );
    assert.deepEqual(Array.from(viaTranspose.network.layers[0].weights), W1);
    const noBias = importOnnx(
      model([node('mm', 'MatMul', ['x', 'Wt'], 'y')], [tensor('Wt', [3, 2], transposed(W1, 2, 3))]),
    );
    assert.deepEqual(Array.from(noBias.network.layers[0].biases), [0, 0]);
  });

  it("reads float32 models, taking LeakyRelu's float32 alpha 0.01 as the spec's slope", () => {
    const r = importOnnx(
      model(
        [
          node('g', 'Gemm', ['x', 'W', 'b'], 'z', [i('transB', 1)]),
          node('a', 'LeakyRelu', ['z'], 'y', [f('alpha', 0.01)]),
        ],
        [tensor('W', [2, 3], W1, DATA_TYPE.FLOAT), tensor('b', [2], B1, DATA_TYPE.FLOAT)],
        DATA_TYPE.FLOAT,
      ),
    );
    assert.equal(r.precision, 'float32');
    assert.equal(r.network.layers[0].activation, 'leaky-relu');
    assert.deepEqual(Array.from(r.network.layers[0].biases), B1.map(Math.fround));
  });

  it('recognizes an activation spelled with primitive ops, and refuses a different slope', () => {
    const gemm = node('g', 'Gemm', ['x', 'W', 'b'], 'z', [i('transB', 1)]);
    const weights = [tensor('W', [2, 3], W1), tensor('b', [2], B1), tensor('k', [], [0.01]), tensor('k2', [], [0.2])];
    const leaky = importOnnx(
      model([gemm, node('m', 'Mul', ['z', 'k'], 'zk'), node('a', 'Max', ['z', 'zk'], 'y')], weights),
    );
    assert.equal(leaky.network.layers[0].activation, 'leaky-relu');
    expectError(
      model([gemm, node('m', 'Mul', ['z', 'k2'], 'zk'), node('a', 'Max', ['z', 'zk'], 'y')], weights),
      'layer 1: node "m" (Mul), node "a" (Max) compute an element-wise function that is none of the spec\'s activations',
    );
  });

  it('takes Softmax on the last axis as the output activation, and refuses another axis', () => {
    const gemm = node('g', 'Gemm', ['x', 'W', 'b'], 'z', [i('transB', 1)]);
    const weights = [tensor('W', [2, 3], W1), tensor('b', [2], B1)];
    assert.equal(
      importOnnx(model([gemm, node('s', 'Softmax', ['z'], 'y')], weights)).network.layers[0].activation,
      'softmax',
    );
    expectError(
      model([gemm, node('s', 'Softmax', ['z'], 'y', [i('axis', 0)])], weights),
      'node "s" (Softmax) normalizes over axis 0; expected the last axis (the units)',
    );
  });

  it('names the node, the tensor and the problem for what it cannot read', () => {
    const gemm = node('g', 'Gemm', ['x', 'W', 'b'], 'y', [i('transB', 1)]);
    expectError(
      model([gemm], [tensor('b', [2], B1)]),
      'node "g" (Gemm) multiplies by "W", which is not a constant weight',
    );
    expectError(
      model([gemm], [tensor('W', [2, 3], W1), tensor('b', [3], [1, 2, 3])]),
      'node "g" (Gemm): bias "b" has shape [3]; expected [2] (one per unit)',
    );
    expectError(
      model([gemm], [tensor('W', [2, 3], W1), tensor('b', [2], B1)], DATA_TYPE.DOUBLE, ['y', 'z']),
      'has 2 graph outputs; expected one',
    );
    expectError(
      model([gemm], [{ name: 'W', dims: [2, 3], dataType: DATA_TYPE.DOUBLE, dataLocation: 1 }, tensor('b', [2], B1)]),
      'initializer "W" keeps its data in an external file',
    );
    expectError(
      model(
        [gemm],
        [{ name: 'W', dims: [2, 3], dataType: DATA_TYPE.DOUBLE, rawData: new Uint8Array(40) }, tensor('b', [2], B1)],
      ),
      'initializer "W" has 40 bytes of data, but its shape [2, 3] needs 48',
    );
    expectError(
      model([gemm, node('extra', 'Relu', ['x'], 'unused')], [tensor('W', [2, 3], W1), tensor('b', [2], B1)]),
      'input "x" goes to node "g" (Gemm), node "extra" (Relu); expected one Gemm or MatMul',
    );
    expectError(new Uint8Array(0), 'is not an ONNX model: it holds no graph');
  });
});
