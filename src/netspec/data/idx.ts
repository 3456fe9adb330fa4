// The IDX format of MNIST (http://yann.lecun.com/exdb/mnist/): two zero bytes, a type code, the number of dimensions,
// each dimension as a big-endian uint32, then the elements big-endian.
import type { ArrayHeader, ElementType } from './arrays';

const TYPES: Record<number, ElementType> = {
  0x08: 'uint8',
  0x09: 'int8',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

/** True when the bytes could start an IDX file (its first two bytes are zero). */
export function looksLikeIdx(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0 && head[1] === 0;
}

/** The IDX header of the file's first bytes, or a message naming the byte that is wrong. */
export function readIdxHeader(head: Uint8Array): ArrayHeader | { error: string } {
  if (head.length < 4) return { error: `is truncated: ${head.length} bytes, shorter than an IDX magic number` };
  const magic = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const type = TYPES[head[2]];
  if (head[0] !== 0 || head[1] !== 0 || !type || head[3] === 0) {
    return {
      error:
        `has magic number ${magic} (bytes 0-3), which is not an IDX one: expected 00 00, a type ` +
        `(08 uint8, 09 int8, 0b int16, 0c int32, 0d float32, 0e float64) and the number of dimensions`,
    };
  }
  const dims = head[3];
  const end = 4 + 4 * dims;
  if (head.length < end)
    return { error: `is truncated inside its header: ${dims} dimensions need bytes 4-${end - 1}, the file ends first` };
  const view = new DataView(head.buffer, head.byteOffset, end);
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { shape, type, dataOffset: end };
}
