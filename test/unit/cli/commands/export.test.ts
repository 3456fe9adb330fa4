// `backprop export`: where the files go, what precision they hold, and refusals that write nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initialParams } from '../../../../src/engine';
import { readSafetensors } from '../../../../src/interop';
import { decodeOnnx } from '../../../../src/interop/onnx/proto';
import { parseSpec } from '../../../../src/netspec';
import { nodeSpecHost } from '../../../../src/node/specFiles';
import { cli } from '../run';

const examples = path.resolve(__dirname, '../../../../../examples');

describe('cli/export', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-export-'));
    fs.copyFileSync(path.join(examples, 'xor.nn.json'), path.join(dir, 'xor.nn.json'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes each format beside the spec, named after it; the script with its weights', async () => {
    const spec = path.join(dir, 'xor.nn.json');
    for (const format of ['onnx', 'safetensors', 'pytorch']) {
      const r = await cli('export', spec, '--format', format);
      assert.equal(r.code, 0, r.stderr);
    }
    assert.deepEqual(fs.readdirSync(dir).sort(), ['xor.nn.json', 'xor.onnx', 'xor.py', 'xor.safetensors']);
    const script = fs.readFileSync(path.join(dir, 'xor.py'), 'utf8');
    assert.match(script, /^#!\/usr\/bin\/env python3\n"""XOR: the Backprop Studio spec xor\.nn\.json/);
    assert.match(script, /WEIGHTS = os\.path\.join\(HERE, "xor\.safetensors"\)/);
    // The spec's exact weights, in the spec's precision (float64).
    const { spec: parsed } = parseSpec(fs.readFileSync(spec, 'utf8'), nodeSpecHost(spec));
    const theta = initialParams(parsed!.model);
    const file = readSafetensors(new Uint8Array(fs.readFileSync(path.join(dir, 'xor.safetensors'))));
    assert.deepEqual(Float64Array.from(file.tensors.flatMap((t) => Array.from(t.values))), theta);
  });

  it('honours -o and --precision float32 (FLOAT tensors, F32 weights)', async () => {
    const spec = path.join(dir, 'xor.nn.json');
    const onnx = path.join(dir, 'sub', 'model.onnx');
    fs.mkdirSync(path.dirname(onnx));
    assert.equal((await cli('export', spec, '--format', 'onnx', '-o', onnx, '--precision', 'float32')).code, 0);
    const model = decodeOnnx(new Uint8Array(fs.readFileSync(onnx)));
    assert.deepEqual(
      model.graph?.initializer?.map((t) => t.dataType),
      [1, 1, 1, 1],
    );
    assert.equal(model.graph?.input?.[0].type?.tensorType?.elemType, 1);
    const st = path.join(dir, 'w.safetensors');
    assert.equal((await cli('export', spec, '--format', 'safetensors', '-o', st, '--precision', 'float32')).code, 0);
    assert.deepEqual(
      readSafetensors(new Uint8Array(fs.readFileSync(st))).tensors.map((t) => t.dtype),
      ['F32', 'F32', 'F32', 'F32'],
    );
  });

  it('writes the script with the CSV path as seen from its own folder', async () => {
    fs.cpSync(path.join(examples, 'data'), path.join(dir, 'data'), { recursive: true });
    fs.copyFileSync(path.join(examples, 'iris.nn.json'), path.join(dir, 'iris.nn.json'));
    fs.mkdirSync(path.join(dir, 'out'));
    const r = await cli(
      'export',
      path.join(dir, 'iris.nn.json'),
      '--format',
      'pytorch',
      '-o',
      path.join(dir, 'out', 'i.py'),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      fs.readFileSync(path.join(dir, 'out', 'i.py'), 'utf8'),
      /DATA_FILE = os\.path\.join\(HERE, "\.\.\/data\/iris\.csv"\)/,
    );
    assert.ok(fs.existsSync(path.join(dir, 'out', 'i.safetensors')));
  });

  it('refuses a script for a spec without data, and a spec with errors, writing nothing', async () => {
    const bare = path.join(dir, 'bare.nn.json');
    fs.writeFileSync(bare, '{ "input": 2, "layers": [{ "units": 1, "activation": "sigmoid" }], "loss": "mse" }');
    const r = await cli('export', bare, '--format', 'pytorch');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bare\.nn\.json: has no "data"; the PyTorch script trains on the spec's data/);
    const broken = path.join(dir, 'broken.nn.json');
    fs.writeFileSync(broken, '{ "input": 2, "layers": [], "loss": "mse" }');
    assert.equal((await cli('export', broken, '--format', 'onnx')).code, 1);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['bare.nn.json', 'broken.nn.json', 'xor.nn.json']);
    assert.equal((await cli('export', bare)).code, 2, '--format is required');
  });
});
