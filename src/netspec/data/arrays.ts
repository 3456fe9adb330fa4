// What every binary data format hands the loader: an n-d array's shape and element type from its header, and a
// decoder that writes its elements (C order, scaled) straight into a slice of the training-precision array.
import type { Floats } from '../../engine/types';
import { indexOfNonFinite, scaleBytes } from './elementLoops';

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

/** Elements of the array (the product of its shape). */
export function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Writes an array's elements, arriving as consecutive byte chunks of any length, into `dest` (C order) multiplied by
 * `scale`, converting as they come: the file is never held whole. `littleEndian` false reads big-endian (IDX);
 * `fortran` gives the shape of an array stored column-major (NumPy's fortran_order), reordered to C order.
 */
export class ElementWriter {
  /** Elements written so far. */
  written = 0;
  /** The first non-finite element's index (in C order), or -1. */
  firstNonFinite = -1;
  private readonly size: number;
  /** An element split across two chunks: its first bytes, kept until the next chunk completes it. */
  private readonly carry: Uint8Array;
  private carried = 0;
  /** This writer's aligned scratch, into which a chunk's bytes are copied to be viewed as typed elements. */
  private scratch = new Uint8Array(0);
  private readonly order?: FortranOrder;

  constructor(
    private readonly type: ElementType,
    private readonly count: number,
    private readonly dest: Floats,
    private readonly scale: number,
    private readonly littleEndian: boolean,
    fortran?: number[],
  ) {
    this.size = BYTES_OF[type];
    this.carry = new Uint8Array(this.size);
    if (fortran && fortran.length > 1) this.order = new FortranOrder(fortran);
  }

  /**
   * The destination's bytes, where the elements are stored as it holds them (its float type, little-endian, C order):
   * they may then be read straight into their place. Undefined where they must be converted.
   */
  inPlaceBytes(): Uint8Array | undefined {
    const { dest } = this;
    const own = dest instanceof Float32Array ? 'float32' : 'float64';
    if (!this.littleEndian || this.order || this.type !== own) return undefined;
    return new Uint8Array(dest.buffer, dest.byteOffset, this.count * this.size);
  }

  /** Takes the next bytes of the elements; bytes past the last element are ignored. */
  push(bytes: Uint8Array): void {
    let at = 0;
    if (this.carried > 0) {
      const take = Math.min(this.size - this.carried, bytes.length);
      this.carry.set(bytes.subarray(0, take), this.carried);
      this.carried += take;
      at = take;
      if (this.carried < this.size) return;
      this.carried = 0;
      this.write(this.carry, 1);
    }
    const left = this.count - this.written;
    const whole = Math.min(Math.floor((bytes.length - at) / this.size), left);
    if (whole > 0) this.write(bytes.subarray(at, at + whole * this.size), whole);
    at += whole * this.size;
    if (this.written < this.count && at < bytes.length) {
      this.carry.set(bytes.subarray(at, at + this.size - 1));
      this.carried = Math.min(bytes.length - at, this.size - 1);
    }
  }

  /** Converts `n` whole elements of `bytes` and writes them after those already written. */
  private write(bytes: Uint8Array, n: number): void {
    const { dest, scale, order } = this;
    const from = this.written;
    this.written += n;
    const floats = this.type === 'float32' || this.type === 'float64';
    if (order) {
      const values = this.view(bytes, n);
      for (let i = 0; i < n; i++) {
        const c = order.next();
        dest[c] = values[i] * scale;
        if (floats && this.firstNonFinite < 0 && dest[c] - dest[c] !== 0) this.firstNonFinite = c;
      }
      return;
    }
    const out = dest.subarray(from, from + n);
    this.convert(this.view(bytes, n), out);
    // NOTE: the written values are checked, so a float64 beyond float32's range counts too.
    if (!floats || this.firstNonFinite >= 0) return;
    const at = indexOfNonFinite(out);
    if (at >= 0) this.firstNonFinite = from + at;
  }

  /** Writes `values` times the scale into `out`, of the same length. */
  private convert(values: ArrayLike<number>, out: Floats): void {
    const { scale } = this;
    // NOTE: bytes (the usual pixels) are scaled by WebAssembly's SIMD loop where it runs. Elsewhere, where every
    // element is exact in the destination's type, converting first and scaling after rounds as v * scale would: the
    // conversion is native and the scaling a loop over one array type.
    if (scale === 1) place(values, out);
    else if (values instanceof Uint8Array && scaleBytes(values, out, scale)) return;
    else if (out instanceof Float64Array || EXACT_IN_FLOAT32.has(this.type)) {
      place(values, out);
      if (out instanceof Float32Array) scale32(out, scale);
      else scale64(out, scale);
    } else for (let i = 0; i < out.length; i++) out[i] = values[i] * scale;
  }

  /**
   * `n` elements of `bytes` as a typed array: a view of the bytes themselves where aligned and little-endian (this
   * machine's order), else of this writer's scratch copy, byte-swapped where the file is big-endian. int64 is read
   * into float64 (exact up to 2^53, which covers every label and pixel).
   */
  private view(bytes: Uint8Array, n: number): ArrayLike<number> {
    if (this.type === 'uint8' || this.type === 'bool') return bytes;
    if (this.type === 'int8') return new Int8Array(bytes.buffer, bytes.byteOffset, n);
    let copy = bytes;
    // NOTE: a chunk read into the reused buffer starts aligned; inflated or carried bytes may not, and are copied.
    if (!this.littleEndian || bytes.byteOffset % this.size !== 0) {
      const length = n * this.size;
      if (this.scratch.length < length) this.scratch = new Uint8Array(length);
      copy = this.scratch.subarray(0, length);
      copy.set(bytes.subarray(0, length));
      if (!this.littleEndian) swapBytes(copy, this.size);
    }
    const Ctor = {
      float32: Float32Array,
      float64: Float64Array,
      int16: Int16Array,
      int32: Int32Array,
      int64: BigInt64Array,
      uint16: Uint16Array,
      uint32: Uint32Array,
    }[this.type];
    const typed = new Ctor(copy.buffer as ArrayBuffer, copy.byteOffset, n);
    return typed instanceof BigInt64Array ? Float64Array.from(typed, Number) : typed;
  }
}

/** Writes `values` into `out`, unless they are `out` itself (elements read straight into their place). */
function place(values: ArrayLike<number>, out: Floats): void {
  const inPlace = ArrayBuffer.isView(values) && values.buffer === out.buffer && values.byteOffset === out.byteOffset;
  if (!inPlace) out.set(values);
}

/** Element types every value of which a float32 holds exactly. */
const EXACT_IN_FLOAT32 = new Set<ElementType>(['float32', 'int8', 'int16', 'uint8', 'uint16', 'bool']);

/** Scales in place; one function per array type keeps each loop's element access monomorphic. */
function scale32(out: Float32Array, scale: number): void {
  for (let i = 0; i < out.length; i++) out[i] *= scale;
}

function scale64(out: Float64Array, scale: number): void {
  for (let i = 0; i < out.length; i++) out[i] *= scale;
}

/** Reverses each `size`-byte element in place (the bytes are a writer's own scratch copy). */
function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/** Walks a column-major array's elements in storage order, giving each one's index in C order. */
class FortranOrder {
  private readonly index: number[];
  private readonly strides: number[];
  private at = 0;

  constructor(private readonly shape: number[]) {
    this.index = new Array<number>(shape.length).fill(0);
    this.strides = new Array<number>(shape.length);
    for (let d = shape.length - 1, s = 1; d >= 0; d--) {
      this.strides[d] = s;
      s *= shape[d];
    }
  }

  /** The C index of the next stored element (the first dimension varies fastest in storage). */
  next(): number {
    const here = this.at;
    for (let d = 0; d < this.shape.length; d++) {
      this.index[d]++;
      this.at += this.strides[d];
      if (this.index[d] < this.shape[d]) break;
      this.at -= this.strides[d] * this.shape[d];
      this.index[d] = 0;
    }
    return here;
  }
}
