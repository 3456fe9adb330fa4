// Data files end to end through parseSpec: every format gives arrays bit-identical to the same data inlined (the
// fixtures in test/fixtures/data, written by make.py there), headers alone give the same shape checks, and each bad
// file is an error at the spec's `file` value.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSpec, type ParseResult } from '../../../../src/netspec';
import { HeaderCache, headerSpecHost, nodeSpecHost } from '../../../../src/node/specFiles';
import { problem, rangeText } from '../helpers';

const fixtures = path.resolve(__dirname, '../../../../../test/fixtures/data');
const specPath = path.join(fixtures, 'test.nn.json');

/** The inputs of make.py, flattened, and its labels. */
const X = [0, 51, 102, 153, 204, 255, 17, 34, 68, 85, 119, 136];
const Y = [2, 0, 1];

function spec(data: unknown, training: Record<string, unknown> = {}): string {
  return JSON.stringify(
    { input: 4, layers: [{ units: 3, activation: 'softmax' }], loss: 'cross-entropy', training, data },
    null,
    2,
  );
}

function full(text: string, maxNumbers?: number, where = specPath): ParseResult {
  return parseSpec(text, nodeSpecHost(where), maxNumbers === undefined ? {} : { maxNumbers });
}

function headers(text: string, where = specPath): ParseResult {
  return parseSpec(text, headerSpecHost(where, undefined, new HeaderCache()));
}

const inlineX = [
  [0, 51, 102, 153],
  [204, 255, 17, 34],
  [68, 85, 119, 136],
];

describe('netspec/data/files', () => {
  for (const precision of ['float64', 'float32'] as const) {
    const inline = full(spec({ inputs: inlineX, labels: Y }, { precision })).spec?.data;
    const cases: [string, unknown, unknown][] = [
      ['npy uint8', { file: 'x-uint8.npy' }, { file: 'y-int64.npy' }],
      ['npy float32', { file: 'x-float32.npy' }, { file: 'y-int64.npy' }],
      ['npy float64 in Fortran order', { file: 'x-float64-fortran.npy' }, { file: 'y-int64.npy' }],
      ['npy big-endian int16', { file: 'x-int16-big-endian.npy' }, { file: 'y-int64.npy' }],
      ['stored npz', { file: 'xy-stored.npz', array: 'x_train' }, { file: 'xy-stored.npz', array: 'y_train.npy' }],
      [
        'stored npz of int64 labels at an unaligned offset',
        { file: 'xy-int64-stored.npz', array: 'x_train' },
        { file: 'xy-int64-stored.npz', array: 'y_train' },
      ],
      ['deflated npz', { file: 'xy-deflated.npz', array: 'x_train' }, { file: 'xy-deflated.npz', array: 'y_train' }],
      ['IDX and gzip IDX', { file: 'x.idx3-ubyte' }, { file: 'y.idx1-ubyte.gz' }],
      ['TSV columns', { file: 'xy.tsv', columns: ['a', 'b', 'c', 'd'] }, { file: 'xy.tsv', columns: ['label'] }],
      ['inline inputs beside a labels file', inlineX, { file: 'y.idx1-ubyte.gz' }],
    ];
    for (const [name, inputs, labels] of cases) {
      it(`${name} (${precision}) loads bit-identical to the same data inlined`, () => {
        const r = full(spec({ inputs, labels }, { precision }));
        assert.deepEqual(r.problems, []);
        const data = r.spec?.data;
        assert.ok(data && inline);
        assert.equal(data.inputs.constructor, precision === 'float32' ? Float32Array : Float64Array);
        assert.deepEqual(Array.from(data.inputs), Array.from(inline.inputs));
        assert.deepEqual(Array.from(data.targets), Array.from(inline.targets));
        assert.deepEqual(Array.from(data.inputs), X);
      });
    }
  }

  it('scale multiplies as it loads; bool targets load as 0/1', () => {
    const r = full(spec({ inputs: { file: 'x-uint8.npy', scale: 0.5 }, targets: { file: 'y-bool-targets.npy' } }));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      Array.from(r.spec?.data?.inputs ?? []),
      X.map((v) => v * 0.5),
    );
    assert.deepEqual(Array.from(r.spec?.data?.targets ?? []), [0, 0, 1, 1, 0, 0, 0, 1, 0]);
  });

  it("a file's own row shape sets inputShape; data.inputShape overrides it and must hold input values", () => {
    assert.deepEqual(full(spec({ inputs: { file: 'x.idx3-ubyte' }, labels: Y })).spec?.inputShape, [2, 2]);
    assert.deepEqual(headers(spec({ inputs: { file: 'x.idx3-ubyte' }, labels: Y })).spec?.inputShape, [2, 2]);
    const given = full(spec({ inputs: { file: 'x.idx3-ubyte' }, labels: Y, inputShape: [1, 4] }));
    assert.deepEqual(given.spec?.inputShape, [1, 4]);
    const text = spec({ inputs: { file: 'x.idx3-ubyte' }, labels: Y, inputShape: [3, 3] });
    const p = problem(full(text), 'data.inputShape [3, 3] holds 9 values, expected 4');
    assert.equal(rangeText(text, p), '[\n      3,\n      3\n    ]');
  });

  it('a separate validation source holds out exactly its rows, normalised with the training rows statistics', () => {
    const text = spec({
      inputs: { file: 'x-uint8.npy', normalize: 'minmax' },
      labels: { file: 'y-int64.npy' },
      validation: { inputs: [[0, 255, 510, 51]], labels: [1] },
    });
    const r = full(text);
    assert.deepEqual(r.problems, []);
    const data = r.spec?.data;
    assert.equal(data?.rows, 4);
    assert.equal(data?.heldOut, 1);
    // Column 0 spans 0..204 in the training rows: the validation row's 0 maps to 0, column 1's 255 (51..255) to 1.
    assert.deepEqual(Array.from(data?.inputs.subarray(12) ?? []).slice(0, 2), [0, 1]);
    assert.equal(data?.inputs[14], (510 - 17) / (119 - 17));
    const both = spec(
      { inputs: inlineX, labels: Y, validation: { inputs: inlineX, labels: Y } },
      { validationSplit: 0.5 },
    );
    problem(full(both), 'data.validation and training.validationSplit both choose validation rows');
  });

  it('the memory estimate refuses from the headers alone, before any element is read', () => {
    const text = spec({ inputs: { file: 'x-uint8.npy' }, labels: { file: 'y-int64.npy' } }, { batchSize: 3 });
    const p = problem(full(text, 40), 'more than the');
    assert.match(
      p.message,
      new RegExp(
        '3 rows of 4 inputs and 3 targets: 21 numbers \\(1 MB in float64\\), more than the 18 .*--max-numbers.*' +
          'backprop\\.worker\\.maxMemoryMb',
      ),
    );
    assert.equal(rangeText(text, p), '"x-uint8.npy"');
  });

  for (const [dtype, precision, Values, readsInPlace] of [
    ['<f4', 'float32', Float32Array, false],
    ['<f8', 'float64', Float64Array, false],
    ['<f4', 'float32', Float32Array, true],
    ['<f8', 'float64', Float64Array, true],
  ] as const) {
    const how = readsInPlace ? 'read in place (as with huge pages)' : 'read through a buffer';
    it(`a ${precision} .npy of several chunks loads whole, ${how}, a NaN found in any chunk`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-chunks-'));
      try {
        // 200,000 rows of 4: 3.2 or 6.4 MB, more than one 2 MiB read; the header pads the data to byte 128.
        const rows = 200_000;
        const x = new Values(rows * 4);
        for (let i = 0; i < x.length; i++) x[i] = Math.sin(i) * 100;
        const npy = (descr: string, shape: string, bytes: Uint8Array): Buffer => {
          const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
          const head = Buffer.alloc(10);
          head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
          head.writeUInt16LE(118, 8);
          return Buffer.concat([head, Buffer.from(dict.padEnd(117) + '\n', 'latin1'), bytes]);
        };
        const write = (): void =>
          fs.writeFileSync(path.join(dir, 'x.npy'), npy(dtype, `(${rows}, 4)`, new Uint8Array(x.buffer)));
        write();
        const labels = Uint8Array.from({ length: rows }, (_, i) => i % 3);
        fs.writeFileSync(path.join(dir, 'y.npy'), npy('|u1', `(${rows},)`, labels));
        const text = spec({ inputs: { file: 'x.npy' }, labels: { file: 'y.npy' } }, { precision });
        const load = (): ParseResult => parseSpec(text, { ...nodeSpecHost(path.join(dir, 'c.nn.json')), readsInPlace });
        const r = load();
        assert.deepEqual(r.problems, []);
        assert.deepEqual(r.spec?.data?.inputs, x);
        x[700_001] = NaN;
        write();
        const p = problem(load(), 'NaN');
        assert.match(p.message, /holds NaN at row 175000 \(element 700001, byte \d+\)/);
        assert.equal(rangeText(text, p), '"x.npy"');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('a 10 GB file is refused by the estimate without reading its elements', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-sparse-'));
    try {
      const big = path.join(dir, 'big.idx3-ubyte');
      // 10,000,000 images of 256 × 4 bytes, written sparse: only the header's 16 bytes exist on disk.
      const header = Buffer.from([0, 0, 0x08, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      header.writeUInt32BE(10_000_000, 4);
      header.writeUInt32BE(256, 8);
      header.writeUInt32BE(4, 12);
      fs.writeFileSync(big, header);
      fs.truncateSync(big, 16 + 10_000_000 * 1024);
      const where = path.join(dir, 'big.nn.json');
      const text = JSON.stringify({
        input: 1024,
        layers: [{ units: 3, activation: 'softmax' }],
        loss: 'cross-entropy',
        data: { inputs: { file: 'big.idx3-ubyte' }, labels: [0] },
      });
      const host = nodeSpecHost(where);
      let wholeReads = 0;
      const r = parseSpec(text, { ...host, readBinary: (p) => (wholeReads++, host.readBinary(p)) });
      const p = problem(r, 'big.idx3-ubyte" makes the data set 10,000,000 rows of 1024 inputs');
      assert.match(p.message, /10,270,000,000 numbers \(82,160 MB in float64\)/);
      assert.equal(wholeReads, 0);
      problem(headers(text, where), 'makes the data set 10,000,000 rows');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
