// safetensors: bit-exact round trips, 16-bit floats, and every lie a header can tell, located by byte offset.
import * as assert from 'node:assert/strict';
import { InteropError, readSafetensors, writeSafetensors } from '../../../src/interop';

/** A file from a header object and raw data bytes, as another writer might lay it out. */
function rawFile(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function expectError(bytes: Uint8Array, message: string): void {
  assert.throws(
    () => readSafetensors(bytes),
    (e: unknown) => e instanceof InteropError && e.message.includes(message),
    message,
  );
}

describe('interop/safetensors', () => {
  it('round-trips float64 bit for bit and float32 as float32, with metadata, header padded to 8 bytes', () => {
    const values = [0.1, -0, 1e-310, -3.5, Math.PI, 2 ** 60];
    const bytes = writeSafetensors(
      [
        { name: 'a', dtype: 'F64', shape: [2, 3], values },
        { name: 'b', dtype: 'F32', shape: [3], values: [0.1, 2, -1] },
      ],
      { format: 'pt' },
    );
    assert.equal(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8, 0);
    const file = readSafetensors(bytes);
    assert.deepEqual(file.metadata, { format: 'pt' });
    assert.deepEqual(
      file.tensors.map((t) => [t.name, t.dtype, t.shape]),
      [
        ['a', 'F64', [2, 3]],
        ['b', 'F32', [3]],
      ],
    );
    assert.ok(Object.is(file.tensors[0].values[1], -0));
    assert.deepEqual(Array.from(file.tensors[0].values), values);
    assert.deepEqual(Array.from(file.tensors[1].values), [0.1, 2, -1].map(Math.fround));
  });

  it('reads F16 and BF16 exactly, and lists tensors in data order whatever the header order', () => {
    const data = new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0x80, 0x3f, 0x40, 0xc0]); // f16 1, -2; bf16 1, -3
    const file = readSafetensors(
      rawFile(
        {
          h: { dtype: 'BF16', shape: [2], data_offsets: [4, 8] },
          g: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
        },
        data,
      ),
    );
    assert.deepEqual(
      file.tensors.map((t) => [t.name, Array.from(t.values)]),
      [
        ['g', [1, -2]],
        ['h', [1, -3]],
      ],
    );
  });

  it('refuses lying headers, naming the tensor and the byte offsets', () => {
    const data = new Uint8Array(32);
    expectError(new Uint8Array(5), 'is 5 bytes, too short for a safetensors file');
    const huge = rawFile({}, data);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 63n, true);
    expectError(huge, 'its header length (bytes 0–7) says 9223372036854775808 bytes, but only 34 follow');
    expectError(
      rawFile({ w: { dtype: 'F64', shape: [4], data_offsets: [0, 40] } }, data),
      'tensor "w" claims bytes 0–40 of the data (file byte offsets 63–103), but the file ends at byte offset 95',
    );
    expectError(
      rawFile({ w: { dtype: 'F64', shape: [3], data_offsets: [0, 32] } }, data),
      'tensor "w" is F64 of shape [3], which takes 24 bytes, but its data_offsets [0, 32] span 32',
    );
    expectError(
      rawFile(
        {
          a: { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
          b: { dtype: 'F64', shape: [2], data_offsets: [8, 24] },
        },
        data,
      ),
      'tensors "a" and "b" overlap at file byte offset',
    );
    expectError(rawFile({ w: { dtype: 'I32', shape: [2], data_offsets: [0, 8] } }, data), 'tensor "w" has dtype I32');
    expectError(rawFile({ w: { dtype: 'Q4', shape: [2], data_offsets: [0, 8] } }, data), 'tensor "w" has dtype "Q4"');
    const notJson = rawFile({}, data);
    notJson[8] = 0x5b; // '['
    expectError(notJson, 'its header (bytes 8–9) is not JSON');
  });
});
