// The safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
// byte range, then the raw little-endian data. Read with every offset checked against the file.
import { bfloat16ToNumber, halfToNumber } from './halfFloat';
import { InteropError } from './network';

export type FloatDtype = 'F64' | 'F32' | 'F16' | 'BF16';
const ITEM_BYTES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
};

export interface SafeTensor {
  name: string;
  dtype: FloatDtype;
  shape: number[];
  values: Float64Array;
}

export interface SafetensorsFile {
  /** In the order of their data in the file. */
  tensors: SafeTensor[];
  metadata: Record<string, string>;
}

/** Headers beyond this are refused before parsing (the format's reference implementation caps them at 100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

function decode(dtype: FloatDtype, view: DataView, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (dtype === 'F64') out[i] = view.getFloat64(i * 8, true);
    else if (dtype === 'F32') out[i] = view.getFloat32(i * 4, true);
    else if (dtype === 'F16') out[i] = halfToNumber(view.getUint16(i * 2, true));
    else out[i] = bfloat16ToNumber(view.getUint16(i * 2, true));
  }
  return out;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parses a safetensors file; an InteropError naming the tensor and byte offset for anything inconsistent. */
export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8)
    throw new InteropError(`is ${bytes.length} bytes, too short for a safetensors file (its header length takes 8)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stated = view.getBigUint64(0, true);
  // NOTE: the message prints the stated length itself: a Number above 2^53 would print a rounded one.
  const headerLength = Number(stated);
  if (headerLength > bytes.length - 8)
    throw new InteropError(
      `is not a safetensors file or is truncated: its header length (bytes 0–7) says ${stated} bytes, but only ` +
        `${bytes.length - 8} follow`,
    );
  if (headerLength > MAX_HEADER_BYTES)
    throw new InteropError(`has a ${headerLength}-byte header; at most ${MAX_HEADER_BYTES} bytes are read`);
  const dataStart = 8 + headerLength;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch (err) {
    throw new InteropError(
      `is not a safetensors file: its header (bytes 8–${dataStart - 1}) is not JSON ` +
        `(${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw new InteropError(`is not a safetensors file: its header (bytes 8–${dataStart - 1}) is not a JSON object`);
  const dataBytes = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const tensors: (SafeTensor & { begin: number })[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      for (const [k, v] of Object.entries((entry ?? {}) as Record<string, unknown>))
        if (typeof v === 'string') metadata[k] = v;
      continue;
    }
    const {
      dtype,
      shape,
      data_offsets: range,
    } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const what = `tensor "${name}"`;
    if (typeof dtype !== 'string' || !(dtype in ITEM_BYTES))
      throw new InteropError(
        `${what} has dtype ${JSON.stringify(dtype)}; expected one the format defines (F32, F64, …)`,
      );
    if (!Array.isArray(shape) || !shape.every(isCount))
      throw new InteropError(`${what} has shape ${JSON.stringify(shape)}; expected a list of sizes`);
    if (!Array.isArray(range) || range.length !== 2 || !range.every(isCount) || range[0] > range[1])
      throw new InteropError(`${what} has data_offsets ${JSON.stringify(range)}; expected [begin, end]`);
    const [begin, end] = range as [number, number];
    const count = shape.reduce((a, b) => a * b, 1);
    if (end > dataBytes)
      throw new InteropError(
        `${what} claims bytes ${begin}–${end} of the data (file byte offsets ${dataStart + begin}–` +
          `${dataStart + end}), but the file ends at byte offset ${bytes.length}: the header lies about its offsets ` +
          `or the file is truncated`,
      );
    if (end - begin !== count * ITEM_BYTES[dtype])
      throw new InteropError(
        `${what} is ${dtype} of shape [${shape.join(', ')}], which takes ${count * ITEM_BYTES[dtype]} bytes, but ` +
          `its data_offsets [${begin}, ${end}] span ${end - begin} (at file byte offset ${dataStart + begin})`,
      );
    if (!['F64', 'F32', 'F16', 'BF16'].includes(dtype))
      throw new InteropError(`${what} has dtype ${dtype}; weights must be a float type (F64, F32, F16 or BF16)`);
    const data = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, end - begin);
    tensors.push({
      name,
      dtype: dtype as FloatDtype,
      shape,
      values: decode(dtype as FloatDtype, data, count),
      begin,
    });
  }
  tensors.sort((a, b) => a.begin - b.begin);
  tensors.forEach((t, i) => {
    const next = tensors[i + 1];
    const end = t.begin + t.values.length * ITEM_BYTES[t.dtype];
    if (next && next.begin < end)
      throw new InteropError(
        `tensors "${t.name}" and "${next.name}" overlap at file byte offset ${dataStart + next.begin}: the header ` +
          `lies about their offsets`,
      );
  });
  return { tensors: tensors.map(({ begin: _, ...t }) => t), metadata };
}

/** One tensor to write: float32 or float64, row-major values. */
export interface TensorToWrite {
  name: string;
  dtype: 'F32' | 'F64';
  shape: number[];
  values: ArrayLike<number>;
}

/** A safetensors file holding the tensors in order, the header padded with spaces to 8 bytes as the format suggests. */
export function writeSafetensors(tensors: TensorToWrite[], metadata: Record<string, string> = {}): Uint8Array {
  let offset = 0;
  const header: Record<string, unknown> = Object.keys(metadata).length > 0 ? { __metadata__: metadata } : {};
  for (const t of tensors) {
    const size = t.values.length * (t.dtype === 'F64' ? 8 : 4);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length)
    json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    for (let i = 0; i < t.values.length; i++) {
      if (t.dtype === 'F64') view.setFloat64(at + i * 8, t.values[i], true);
      else view.setFloat32(at + i * 4, t.values[i], true);
    }
    at += t.values.length * (t.dtype === 'F64' ? 8 : 4);
  }
  return out;
}
