// The binary loaders' element loops. The non-finite scan, WebAssembly's and JavaScript's, against a test of each
// element: every kind of non-finite value (NaN with any payload or sign, either infinity) at every kind of place (a
// window's or a block's edges, the unpadded tail), and the finite extremes (the largest, subnormals, -0) never taken
// for one. The scaled bytes against JavaScript's v * scale stored in the same array type, bit for bit.
import * as assert from 'node:assert/strict';
import { Rng } from '../../../../src/engine/rng';
import { indexOfNonFinite, scaleBytes, scanBlocks } from '../../../../src/netspec/data/elementLoops';

/** The first index whose element is not finite, tested one by one. */
const reference = (a: Float32Array | Float64Array): number => a.findIndex((x) => !Number.isFinite(x));

/** Float elements per 64 KiB window of the WebAssembly scan, and per block of the JavaScript one. */
const WINDOW_BYTES = 1 << 16;
const BLOCK = 4096;

for (const [type, Ctor] of [
  ['float32', Float32Array],
  ['float64', Float64Array],
] as const) {
  describe(`netspec/data/elementLoops, the non-finite scan (${type})`, () => {
    const perWindow = WINDOW_BYTES / Ctor.BYTES_PER_ELEMENT;
    const nonFinite = (rng: Rng, into: Float32Array | Float64Array, at: number): void => {
      const kind = rng.int(4);
      if (kind < 3) {
        into[at] = [NaN, Infinity, -Infinity][kind];
        return;
      }
      // NOTE: a NaN with a random payload and sign: only the exponent's bits make an element non-finite.
      if (into instanceof Float32Array) {
        new Uint32Array(into.buffer, into.byteOffset + 4 * at, 1)[0] =
          (0x7f800001 + rng.int(0x7fffff)) | (rng.int(2) << 31);
      } else {
        const word = new Uint32Array(into.buffer, into.byteOffset + 8 * at, 2);
        word[0] = rng.int(2 ** 31);
        word[1] = (0x7ff00001 + rng.int(0xfffff)) | (rng.int(2) << 31);
      }
    };

    it('finds the first non-finite element wherever it falls, and none in finite data', () => {
      const rng = new Rng(21, type);
      const length = 3 * perWindow + 37;
      const places = [
        0,
        1,
        15,
        16,
        BLOCK - 1,
        BLOCK,
        perWindow - 1,
        perWindow,
        2 * perWindow + 5,
        length - 37,
        length - 1,
      ];
      for (const bad of [-1, ...places]) {
        const a = new Ctor(length);
        for (let i = 0; i < length; i++) a[i] = rng.uniform(-1e6, 1e6);
        if (bad >= 0) nonFinite(rng, a, bad);
        if (bad >= 0 && rng.int(2)) nonFinite(rng, a, bad + rng.int(length - bad));
        const want = reference(a);
        assert.equal(indexOfNonFinite(a), want, `WebAssembly scan, non-finite at ${bad}`);
        assert.equal(scanBlocks(a), want, `JavaScript scan, non-finite at ${bad}`);
      }
    });

    it('takes the finite extremes for finite, and reads only the view it is given', () => {
      const extremes =
        type === 'float32'
          ? [3.4028234663852886e38, -3.4028234663852886e38, 1.4e-45]
          : [Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324];
      const buffer = new Ctor(200).fill(NaN);
      for (const length of [0, 1, 7, 16, 17, 100]) {
        const a = new Ctor(buffer.buffer, 8 * Ctor.BYTES_PER_ELEMENT, length);
        for (let i = 0; i < length; i++) a[i] = [...extremes, -0][i % 4];
        // NOTE: a window full of NaN first: what it leaves past a shorter one's end is not that one's.
        assert.equal(indexOfNonFinite(new Ctor(perWindow).fill(NaN)), 0);
        assert.equal(indexOfNonFinite(a), -1, `length ${length}`);
        assert.equal(scanBlocks(a), -1, `length ${length}`);
      }
    });
  });
}

describe('netspec/data/elementLoops, bytes times a scale', () => {
  const WINDOW = 1 << 14;
  for (const Ctor of [Float32Array, Float64Array]) {
    it(`gives JavaScript's v * scale in a ${Ctor.name}, bit for bit, at every length and for every kind of scale`, () => {
      const rng = new Rng(34, Ctor.name);
      // NOTE: 1e38 overflows float32 for most bytes, 1e-43 gives its subnormals, -0.5 negative zeros from 0.
      const scales = [1 / 255, 0.00392156862745098, 0.1, -0.5, 3, 1e-43, 1e38, 2 ** -30];
      for (const length of [0, 1, 15, 16, 17, 1000, WINDOW - 1, WINDOW, WINDOW + 1, 3 * WINDOW + 77]) {
        for (const scale of scales) {
          const values = Uint8Array.from({ length }, () => rng.int(256));
          const want = new Ctor(length);
          values.forEach((v, i) => (want[i] = v * scale));
          const got = new Ctor(length + 2).fill(7);
          assert.ok(scaleBytes(values, got.subarray(1, length + 1), scale), 'WebAssembly runs here');
          assert.deepEqual(
            new Uint8Array(got.buffer, Ctor.BYTES_PER_ELEMENT, length * Ctor.BYTES_PER_ELEMENT),
            new Uint8Array(want.buffer),
            `length ${length}, scale ${scale}`,
          );
          assert.deepEqual([got[0], got[length + 1]], [7, 7], 'nothing written outside the view');
        }
      }
    });
  }
});
