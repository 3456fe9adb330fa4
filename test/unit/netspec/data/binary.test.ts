// Decoding a binary file read in pieces: elements stored as the destination holds them are read straight into it,
// others through one reused buffer, and both give the same array whatever lengths the reads come back with (a read
// may return fewer bytes than asked, ending inside an element).
import * as assert from 'node:assert/strict';
import { Rng } from '../../../../src/engine/rng';
import type { DataFile } from '../../../../src/netspec/dataFile';
import { openArray, type ArraySource } from '../../../../src/netspec/data/binary';

/** An .npy file of `values` (`descr` its dtype), with the usual 128-byte header. */
function npy(descr: string, values: ArrayLike<number> & { buffer: ArrayBufferLike; byteLength: number }): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${values.length},), }`.padEnd(117) + '\n';
  const out = new Uint8Array(128 + values.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]);
  out.set(
    Array.from(dict, (c) => c.charCodeAt(0)),
    10,
  );
  out.set(new Uint8Array(values.buffer, 0, values.byteLength), 128);
  return out;
}

/**
 * The file as a worker opens it (reading in place unless `readsInPlace` is false), each read returning a random number
 * of bytes, often cut inside an element.
 */
function shortReads(bytes: Uint8Array, rng: Rng, into: Uint8Array[], readsInPlace = true): DataFile {
  return {
    readsInPlace,
    size: bytes.length,
    read: (o, n) => bytes.slice(o, o + n),
    whole: () => bytes,
    readInto: (o, buffer) => {
      into.push(buffer);
      const n = Math.min(buffer.length, bytes.length - o, 1 + rng.int(13));
      buffer.set(bytes.subarray(o, o + n));
      return n;
    },
  };
}

function decode(source: ArraySource | { error: string }, dest: Float32Array | Float64Array, scale = 1): number {
  assert.ok('decode' in source && source.decode, 'error' in source ? source.error : 'no decoder');
  const result = source.decode(dest, scale);
  assert.equal(typeof result, 'number');
  return result as number;
}

describe('netspec/data/binary', () => {
  const n = 301;
  const cases = [
    { descr: '<f4', values: Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 9), Dest: Float32Array },
    { descr: '<f8', values: Float64Array.from({ length: n }, (_, i) => Math.cos(i) * 1e5), Dest: Float64Array },
  ] as const;
  for (const { descr, values, Dest } of cases) {
    it(`reads ${descr} elements straight into a ${Dest.name}, whatever length each read returns`, () => {
      const buffers: Uint8Array[] = [];
      const dest = new Dest(n);
      assert.equal(decode(openArray(shortReads(npy(descr, values), new Rng(3), buffers), undefined), dest), -1);
      assert.deepEqual(dest, values);
      const reads = buffers.slice(-5);
      assert.ok(reads.length > 0);
      // Every element read landed in its own place: each read's buffer is the destination's memory.
      for (const b of reads) assert.equal(b.buffer, dest.buffer);
    });
  }

  it('a file that does not read in place reads the same elements through a buffer of its own', () => {
    const values = Float32Array.from({ length: n }, (_, i) => Math.tan(i));
    const buffers: Uint8Array[] = [];
    const dest = new Float32Array(n);
    assert.equal(decode(openArray(shortReads(npy('<f4', values), new Rng(4), buffers, false), undefined), dest), -1);
    assert.deepEqual(dest, values);
    assert.ok(buffers.length > 0);
    for (const b of buffers) assert.notEqual(b.buffer, dest.buffer);
  });

  it('a NaN read in place is found, and a scale is applied in place', () => {
    const values = Float32Array.from({ length: n }, (_, i) => i / 7);
    values[250] = NaN;
    const dest = new Float32Array(n);
    assert.equal(decode(openArray(shortReads(npy('<f4', values), new Rng(5), []), undefined), dest, 0.5), 250);
    for (let i = 0; i < n; i++) if (i !== 250) assert.equal(dest[i], Math.fround(values[i] * 0.5));
  });

  it('float32 elements into float64, and uint8 into float32, go through a buffer of their own', () => {
    const f32 = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
    const buffers: Uint8Array[] = [];
    const dest = new Float64Array(n);
    assert.equal(decode(openArray(shortReads(npy('<f4', f32), new Rng(7), buffers), undefined), dest), -1);
    assert.deepEqual(Array.from(dest), Array.from(f32));
    const u8 = Uint8Array.from({ length: n }, (_, i) => i % 256);
    const into = new Float32Array(n);
    assert.equal(decode(openArray(shortReads(npy('|u1', u8), new Rng(9), buffers), undefined), into), -1);
    assert.deepEqual(Array.from(into), Array.from(u8));
    assert.ok(buffers.length > 0);
    for (const b of buffers) assert.ok(b.buffer !== dest.buffer && b.buffer !== into.buffer);
  });
});
