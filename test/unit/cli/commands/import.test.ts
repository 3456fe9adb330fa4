// `backprop import`: new specs with exact weights, weights --into a spec with its text kept, and refusals.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initialParams } from '../../../../src/engine';
import { stateDictTensors, writeSafetensors, type BridgeNetwork } from '../../../../src/interop';
import { parseSpec } from '../../../../src/netspec';
import { nodeSpecHost } from '../../../../src/node/specFiles';
import { cli } from '../run';

const examples = path.resolve(__dirname, '../../../../../examples');

function thetaOf(file: string): Float64Array {
  const { spec, problems } = parseSpec(fs.readFileSync(file, 'utf8'), nodeSpecHost(file));
  assert.ok(spec, problems.map((p) => p.message).join('\n'));
  return initialParams(spec.model);
}

describe('cli/import', () => {
  let dir: string;
  let spec: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-import-'));
    spec = path.join(dir, 'xor.nn.json');
    fs.copyFileSync(path.join(examples, 'xor.nn.json'), spec);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('export → import gives a spec with bit-identical float64 weights, activations and loss', async () => {
    // classic-2-layer sums binary cross-entropy over its outputs: the reduction travels with the loss.
    const classic = path.join(dir, 'classic-2-layer.nn.json');
    fs.copyFileSync(path.join(examples, 'classic-2-layer.nn.json'), classic);
    for (const source of [spec, classic])
      for (const format of ['onnx', 'safetensors']) {
        const model = path.join(dir, `m.${format}`);
        assert.equal((await cli('export', source, '--format', format, '-o', model)).code, 0);
        const target = path.join(dir, `from-${format}.nn.json`);
        const r = await cli('import', model, '-o', target, '--force');
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(thetaOf(target), thetaOf(source));
        const { spec: back } = parseSpec(fs.readFileSync(target, 'utf8'), nodeSpecHost(target));
        const { spec: orig } = parseSpec(fs.readFileSync(source, 'utf8'), nodeSpecHost(source));
        assert.deepEqual(
          back!.model.layers.map((l) => [l.name, l.activation]),
          orig!.model.layers.map((l) => [l.name, l.activation]),
        );
        assert.deepEqual([back!.model.loss, back!.model.lossOutputs], [orig!.model.loss, orig!.model.lossOutputs]);
      }
  });

  it('--into rewrites only the numbers, keeping comments and layout, and warns on another activation', async () => {
    const model = path.join(dir, 'm.onnx');
    assert.equal((await cli('export', spec, '--format', 'onnx', '-o', model)).code, 0);
    const other = path.join(dir, 'other.nn.json');
    const text = fs
      .readFileSync(spec, 'utf8')
      .replace('"activation": "sigmoid"', '"activation": "tanh"')
      .replace(/-?\d+\.\d+/g, '0.5');
    fs.writeFileSync(other, `// my notes\n${text}`);
    const r = await cli('import', model, '--into', other);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /other\.nn\.json: warning: layer 1: the model uses sigmoid, the spec's layers\[0\] "hidden" tanh/,
    );
    const after = fs.readFileSync(other, 'utf8');
    assert.ok(after.startsWith('// my notes\n'));
    assert.equal(fs.readFileSync(`${other}.bak`, 'utf8'), `// my notes\n${text}`, 'the previous text is kept');
    assert.match(r.stdout, /the previous text is in .*other\.nn\.json\.bak/);
    assert.deepEqual(thetaOf(other), thetaOf(spec));
    assert.equal(
      after.replace(/-?\d+(\.\d+)?(e-?\d+)?/g, 'N'),
      `// my notes\n${text}`.replace(/-?\d+(\.\d+)?(e-?\d+)?/g, 'N'),
    );
  });

  it('makes a spec from a plain state_dict with identity activations and says what to set', async () => {
    const net: BridgeNetwork = {
      name: 'n',
      input: 2,
      layers: [
        {
          name: 'a',
          units: 1,
          fanIn: 2,
          activation: 'relu',
          weights: Float64Array.of(0.1, -0),
          biases: Float64Array.of(3),
        },
      ],
    };
    const model = path.join(dir, 'plain.safetensors');
    fs.writeFileSync(model, writeSafetensors(stateDictTensors(net, 'float64')));
    const r = await cli('import', model);
    assert.equal(r.code, 0, r.stderr);
    const target = path.join(dir, 'plain.nn.json');
    assert.match(
      r.stderr,
      /plain\.nn\.json: note: plain\.safetensors stores weights only: every layer's "activation" is "identity"/,
    );
    const text = fs.readFileSync(target, 'utf8');
    assert.match(text, /"activation": "identity", \/\/ set this: the weights file does not say/);
    assert.ok(Object.is(thetaOf(target)[1], -0), 'the sign of zero survives');
  });

  it('refuses to replace an existing spec without --force, and --into with -o', async () => {
    const model = path.join(dir, 'xor.onnx');
    assert.equal((await cli('export', spec, '--format', 'onnx')).code, 0);
    const before = fs.readFileSync(spec, 'utf8');
    const r = await cli('import', model);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /xor\.nn\.json: already exists; give --force to replace it/);
    assert.equal(fs.readFileSync(spec, 'utf8'), before);
    assert.equal((await cli('import', model, '--force')).code, 0);
    assert.equal(fs.readFileSync(`${spec}.bak`, 'utf8'), before, '--force keeps the replaced spec in FILE.bak');
    fs.rmSync(`${spec}.bak`);
    assert.equal((await cli('import', model, '--force', '--no-backup')).code, 0);
    assert.ok(!fs.existsSync(`${spec}.bak`), '--no-backup keeps none');
    assert.equal((await cli('import', model, '--into', spec, '-o', path.join(dir, 'x.nn.json'))).code, 2);
    assert.equal((await cli('import', path.join(dir, 'missing.onnx'))).code, 1);
  });
});
