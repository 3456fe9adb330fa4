// The element writer: elements arriving in chunks of any length (split inside elements, at unaligned offsets) come out
// exactly as one typed-array conversion of the whole gives them, big-endian and column-major ones included.
import * as assert from 'node:assert/strict';
import { Rng } from '../../../../src/engine/rng';
import { ElementWriter, type ElementType } from '../../../../src/netspec/data/arrays';

/** Pushes `bytes` to a fresh writer in random chunks (some empty, some one byte) at a random unaligned offset. */
function writeInChunks(
  bytes: Uint8Array,
  type: ElementType,
  count: number,
  littleEndian: boolean,
  rng: Rng,
  dest: Float64Array | Float32Array,
  fortran?: number[],
  scale = 0.5,
): ElementWriter {
  const writer = new ElementWriter(type, count, dest, scale, littleEndian, fortran);
  for (let at = 0; at < bytes.length;) {
    const n = Math.min(bytes.length - at, rng.int(3) === 0 ? rng.int(3) : rng.int(40));
    const shifted = new Uint8Array(n + 3).subarray(1 + rng.int(2));
    shifted.set(bytes.subarray(at, at + n));
    writer.push(shifted.subarray(0, n));
    at += n;
  }
  return writer;
}

const TYPES: [ElementType, (n: number) => ArrayLike<number> & { buffer: ArrayBufferLike }][] = [
  ['float64', (n) => Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3)],
  ['float32', (n) => Float32Array.from({ length: n }, (_, i) => Math.cos(i) * 7)],
  ['int16', (n) => Int16Array.from({ length: n }, (_, i) => (i * 7919) % 65536)],
  ['int32', (n) => Int32Array.from({ length: n }, (_, i) => i * -104729)],
  ['uint16', (n) => Uint16Array.from({ length: n }, (_, i) => (i * 31) % 65536)],
  ['uint32', (n) => Uint32Array.from({ length: n }, (_, i) => i * 2654435761)],
  ['int8', (n) => Int8Array.from({ length: n }, (_, i) => (i % 256) - 128)],
  ['uint8', (n) => Uint8Array.from({ length: n }, (_, i) => i % 256)],
];

describe('netspec/data/arrays', () => {
  for (const [type, make] of TYPES) {
    it(`writes ${type} elements split across chunks as the whole array converts`, () => {
      const rng = new Rng(7, type);
      const values = make(101);
      const bytes = new Uint8Array(values.buffer);
      const expected = Float64Array.from(values, (v) => v * 0.5);
      const dest = new Float64Array(101);
      const writer = writeInChunks(bytes, type, 101, true, rng, dest);
      assert.deepEqual(dest, expected);
      assert.equal(writer.written, 101);
      assert.equal(writer.firstNonFinite, -1);
      const size = bytes.length / 101;
      if (size === 1) return;
      const swapped = Uint8Array.from(bytes, (_, i) => bytes[i - (i % size) + size - 1 - (i % size)]);
      const big = new Float64Array(101);
      writeInChunks(swapped, type, 101, false, rng, big);
      assert.deepEqual(big, expected, 'big-endian');
    });
  }

  for (const [type, make] of TYPES) {
    it(`writes ${type} elements times 1/255 into float32 rounded once, as v * scale rounds`, () => {
      const values = make(4099);
      const bytes = new Uint8Array(values.buffer);
      const scale = 1 / 255;
      const dest = new Float32Array(4099);
      writeInChunks(bytes, type, 4099, true, new Rng(11, type), dest, undefined, scale);
      assert.deepEqual(
        dest,
        Float32Array.from(values, (v) => v * scale),
      );
    });
  }

  it('reads int64 through float64 and ignores bytes past the last element', () => {
    const values = BigInt64Array.from([0n, -5n, 2n ** 40n, 9n]);
    const bytes = new Uint8Array(values.byteLength + 5);
    bytes.set(new Uint8Array(values.buffer));
    const dest = new Float64Array(4);
    const writer = writeInChunks(bytes, 'int64', 4, true, new Rng(3, 'int64'), dest);
    assert.deepEqual(
      dest,
      Float64Array.from([0, -5, 2 ** 40, 9], (v) => v * 0.5),
    );
    assert.equal(writer.written, 4);
  });

  it('reorders a column-major array to C order', () => {
    // shape [2, 3, 2]: C index of (i, j, k) is 6i + 2j + k; stored with i fastest.
    const shape = [2, 3, 2];
    const stored: number[] = [];
    for (let k = 0; k < 2; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) stored.push(6 * i + 2 * j + k);
    const dest = new Float64Array(12);
    const bytes = new Uint8Array(Float64Array.from(stored).buffer);
    writeInChunks(bytes, 'float64', 12, true, new Rng(5, 'fortran'), dest, shape);
    assert.deepEqual(
      dest,
      Float64Array.from({ length: 12 }, (_, c) => c * 0.5),
    );
  });

  it('finds the first non-finite element, a float64 beyond float32 counting in a float32 array', () => {
    const values = Float64Array.from([1, 2, 1e300, NaN]);
    const dest = new Float32Array(4);
    const writer = writeInChunks(new Uint8Array(values.buffer), 'float64', 4, true, new Rng(9, 'nan'), dest);
    assert.equal(writer.firstNonFinite, 2);
    const nan = new Float64Array(4);
    assert.equal(
      writeInChunks(new Uint8Array(values.buffer), 'float64', 4, true, new Rng(9, 'n'), nan).firstNonFinite,
      3,
    );
  });

  for (const [type, Dest] of [
    ['float32', Float32Array],
    ['float64', Float64Array],
  ] as const) {
    it(`finds the first non-finite ${type} element wherever it falls in the blocks scanned`, () => {
      const rng = new Rng(13, type);
      const count = 3 * 4096 + 77;
      for (const bad of [-1, 0, 7, 4095, 4096, 8191, count - 1]) {
        const values = new Dest(count);
        for (let i = 0; i < count; i++) values[i] = Math.sin(i) * 1e3;
        if (bad >= 0) values[bad] = rng.int(2) ? NaN : -Infinity;
        const dest = new Dest(count);
        const writer = writeInChunks(new Uint8Array(values.buffer), type, count, true, rng, dest, undefined, 1);
        assert.equal(writer.written, count);
        assert.equal(writer.firstNonFinite, bad, `non-finite at ${bad}`);
        assert.deepEqual(dest, values);
      }
    });
  }

  it('counts what arrived when the bytes end early', () => {
    const bytes = new Uint8Array(Float32Array.from([1, 2, 3]).buffer).subarray(0, 10);
    const writer = writeInChunks(bytes, 'float32', 3, true, new Rng(1, 'short'), new Float64Array(3));
    assert.equal(writer.written, 2);
  });
});
