// What every binary data format hands the loader: an n-d array's shape and element type from its header, and a
// decoder that writes its elements (C order, scaled) straight into a slice of the training-precision array.
import type { Floats } from '../../engine/types';

/** Element types the loaders convert; each format maps its own type codes onto these. */
export type ElementType =
  'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'bool';

export const BYTES_OF: Record<ElementType, number> = {
  float32: 4,
  float64: 8,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  bool: 1,
};

/** An array's header: enough to check shapes and estimate memory without reading its elements. */
export interface ArrayHeader {
  shape: number[];
  type: ElementType;
  /** Byte offset of the first element in the (decompressed) file, for messages. */
  dataOffset: number;
}

/** A failure inside a file, located for the message by byte offset (of the decompressed stream) or element. */
export interface FileFault {
  message: string;
}

/** Elements of the array (the product of its shape). */
export function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Converts `count` elements of `type` at `bytes[offset..]` into `dest` (C order), multiplied by `scale`. `littleEndian`
 * false reads big-endian (IDX). `fortran` gives the array's shape when its elements are stored column-major (NumPy's
 * fortran_order); they are then reordered to C order. Returns the first non-finite element's index, or -1.
 */
export function decodeElements(
  bytes: Uint8Array,
  offset: number,
  type: ElementType,
  count: number,
  dest: Floats,
  scale: number,
  littleEndian: boolean,
  fortran?: number[],
): number {
  const values = typedView(bytes, offset, type, count, littleEndian);
  if (fortran && fortran.length > 1) copyFortran(values, fortran, dest, scale);
  else if (scale === 1) dest.set(values);
  else for (let i = 0; i < count; i++) dest[i] = values[i] * scale;
  if (type !== 'float32' && type !== 'float64') return -1;
  for (let i = 0; i < count; i++) if (!Number.isFinite(dest[i])) return i;
  return -1;
}

/**
 * The elements as a typed array: a view when the bytes are aligned and in this machine's (little-endian) order, else
 * one converted copy. int64 is read into float64 (exact up to 2^53, which covers every label and pixel).
 */
function typedView(
  bytes: Uint8Array,
  offset: number,
  type: ElementType,
  count: number,
  littleEndian: boolean,
): ArrayLike<number> {
  const size = BYTES_OF[type];
  const at = bytes.byteOffset + offset;
  if (size === 1) {
    const u8 = bytes.subarray(offset, offset + count);
    return type === 'int8' ? new Int8Array(u8.buffer, u8.byteOffset, count) : u8;
  }
  const Ctor = {
    float32: Float32Array,
    float64: Float64Array,
    int16: Int16Array,
    int32: Int32Array,
    int64: BigInt64Array,
    uint16: Uint16Array,
    uint32: Uint32Array,
  }[type as Exclude<ElementType, 'int8' | 'uint8' | 'bool'>];
  let source: ArrayBuffer = bytes.buffer as ArrayBuffer;
  let start = at;
  if (at % size !== 0) {
    // NOTE: a copy only for misaligned data (a gzip or zip member seldom starts aligned); dropped after decoding.
    // NOTE: copied through a new array: a Node Buffer's slice() is a view on its shared pool, not a copy.
    const copy = new Uint8Array(count * size);
    copy.set(bytes.subarray(offset, offset + count * size));
    source = copy.buffer;
    start = 0;
  }
  const view = new Ctor(source, start, count);
  if (!littleEndian) swapBytes(new Uint8Array(source, start, count * size), size);
  if (view instanceof BigInt64Array) return Float64Array.from(view, Number);
  return view;
}

/** Reverses each `size`-byte element in place (the bytes are this load's own: the file read or a copy of it). */
function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/** Reorders column-major `values` of `shape` into C order in `dest`, scaled. */
function copyFortran(values: ArrayLike<number>, shape: number[], dest: Floats, scale: number): void {
  const n = shape.length;
  const strides = new Array<number>(n);
  let s = 1;
  for (let d = 0; d < n; d++) {
    strides[d] = s;
    s *= shape[d];
  }
  const index = new Array<number>(n).fill(0);
  let source = 0;
  for (let i = 0; i < dest.length; i++) {
    dest[i] = values[source] * scale;
    for (let d = n - 1; d >= 0; d--) {
      index[d]++;
      source += strides[d];
      if (index[d] < shape[d]) break;
      source -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
}
