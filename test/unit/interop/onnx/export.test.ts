// Exported ONNX models run in ONNX Runtime (onnxruntime-web, the test-only judge) and agree with the engine's
// forward pass on the spec's data, in both precisions, for every activation, with and without the output activation.
import * as assert from 'node:assert/strict';
import * as ort from 'onnxruntime-web';
import { initialParams, Network, type Precision } from '../../../../src/engine';
import { bridgeNetwork, exportOnnx, importOnnx, ONNX_OPSET } from '../../../../src/interop';
import { decodeOnnx, int64 } from '../../../../src/interop/onnx/proto';
import type { Spec } from '../../../../src/netspec';
import { activationCases, specOf } from '../specs';

/** The engine's outputs (or the output layer's pre-activations) for every row of the spec's data. */
function engineOutputs(spec: Spec, precision: Precision, logits: boolean): Float64Array {
  const data = spec.data!;
  const net = new Network(spec.model, precision, initialParams(spec.model));
  const out = net.predict(data.inputs, data.rows);
  return Float64Array.from(logits ? net.batchView(spec.model.layers.length - 1).Z.subarray(0, out.length) : out);
}

async function runOnnx(bytes: Uint8Array, spec: Spec, precision: Precision): Promise<Float64Array> {
  const session = await ort.InferenceSession.create(bytes);
  const data = spec.data!;
  const input =
    precision === 'float64'
      ? new ort.Tensor('float64', Float64Array.from(data.inputs), [data.rows, data.inputSize])
      : new ort.Tensor('float32', Float32Array.from(data.inputs), [data.rows, data.inputSize]);
  const result = await session.run({ [session.inputNames[0]]: input });
  await session.release();
  return Float64Array.from(result[session.outputNames[0]].data as Float32Array | Float64Array);
}

const TOLERANCE: Record<Precision, (y: number) => number> = {
  float64: (y) => 1e-12 * Math.max(1, Math.abs(y)),
  float32: (y) => 1e-6 + 1e-5 * Math.abs(y),
};

describe('interop: ONNX export runs in ONNX Runtime', function () {
  this.timeout(60_000);
  for (const c of activationCases())
    for (const precision of ['float64', 'float32'] as const)
      for (const logits of [false, true]) {
        it(`${c.name}, ${precision}, ${logits ? 'logits' : 'activation'} output`, async () => {
          const spec = specOf(c);
          const net = bridgeNetwork(spec.name, spec.model, initialParams(spec.model));
          const bytes = exportOnnx(net, { precision, logits, producerVersion: '0.1.0' });
          const got = await runOnnx(bytes, spec, precision);
          const want = engineOutputs(spec, precision, logits);
          assert.equal(got.length, want.length);
          want.forEach((y, i) => {
            const tol = TOLERANCE[precision](y);
            assert.ok(
              Math.abs(got[i] - y) <= tol,
              `output ${i}: ONNX Runtime ${got[i]}, engine ${y} (tolerance ${tol})`,
            );
          });
        });
      }

  it('declares opset 13, a dynamic batch, named input and output, producer and spec name', async () => {
    const spec = specOf(activationCases()[2]);
    const net = bridgeNetwork(spec.name, spec.model, initialParams(spec.model));
    const bytes = exportOnnx(net, { precision: 'float64', producerVersion: '9.8.7', metadata: { loss: 'mse' } });
    const model = decodeOnnx(bytes);
    assert.deepEqual(
      model.opsetImport?.map((o) => [o.domain ?? '', int64(o.version)]),
      [['', ONNX_OPSET]],
    );
    assert.equal(model.producerName, 'Backprop Studio');
    assert.equal(model.producerVersion, '9.8.7');
    assert.deepEqual(
      model.metadataProps?.map((p) => [p.key, p.value]),
      [
        ['name', spec.name],
        ['loss', 'mse'],
      ],
    );
    const graph = model.graph!;
    assert.equal(graph.name, spec.name);
    assert.deepEqual(
      graph.input?.map((v) => [v.name, v.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || int64(d.dimValue))]),
      [['input', ['batch', 3]]],
    );
    assert.deepEqual(
      graph.output?.map((v) => [v.name, v.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || int64(d.dimValue))]),
      [['output', ['batch', 2]]],
    );
    // The batch is dynamic: one row and seven rows both run.
    const session = await ort.InferenceSession.create(bytes);
    for (const rows of [1, 7]) {
      const r = await session.run({
        input: new ort.Tensor('float64', new Float64Array(rows * 3).fill(0.5), [rows, 3]),
      });
      assert.deepEqual(r.output.dims, [rows, 2]);
    }
    await session.release();
  });

  it('writes float64 weights bit for bit (import gives back every bit)', () => {
    for (const c of activationCases()) {
      const spec = specOf(c);
      const theta = initialParams(spec.model);
      const net = bridgeNetwork(spec.name, spec.model, theta);
      const back = importOnnx(exportOnnx(net, { precision: 'float64', producerVersion: '0' })).network;
      assert.deepEqual(
        back.layers.map((l) => [l.name, l.activation, l.units, l.fanIn]),
        net.layers.map((l) => [l.name, l.activation, l.units, l.fanIn]),
      );
      back.layers.forEach((l, i) => {
        assert.deepEqual(l.weights, net.layers[i].weights);
        assert.deepEqual(l.biases, net.layers[i].biases);
      });
    }
  });
});
