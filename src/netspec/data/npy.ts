// NumPy's .npy format (versions 1-3): the header's dtype, order and shape, then the elements. Big-endian data is
// converted; Fortran-ordered arrays are reordered to C order.
import type { ArrayHeader, ElementType } from './arrays';
import { BYTES_OF, elementCount } from './arrays';
import { grouped } from '../../shared/format';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** A parsed .npy header: the array's header plus how its elements are stored. */
export interface NpyHeader extends ArrayHeader {
  littleEndian: boolean;
  fortranOrder: boolean;
}

const KINDS: Record<string, ElementType> = {
  f4: 'float32',
  f8: 'float64',
  i1: 'int8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  u1: 'uint8',
  u2: 'uint16',
  u4: 'uint32',
  b1: 'bool',
};

/** Names NumPy users know for the dtypes refused, so the message says what the file holds. */
const REFUSED: Record<string, string> = {
  c: 'complex',
  O: 'object (Python objects)',
  U: 'unicode string',
  S: 'byte string',
  a: 'byte string',
  V: 'structured (void)',
  M: 'datetime',
  m: 'timedelta',
};

/** Bytes enough for every header NumPy writes by default (it pads to 64-byte multiples, rarely past 128). */
export const NPY_HEAD_BYTES = 4096;

/**
 * The header of the .npy bytes `head` (the file's first bytes), `needBytes` when the header runs past them, or a
 * message naming the byte offset of what is wrong.
 */
export function readNpyHeader(head: Uint8Array): NpyHeader | { error: string } | { needBytes: number } {
  if (head.length < 10 || NPY_MAGIC.some((b, i) => head[i] !== b))
    return { error: 'is not a .npy file: it does not start with \\x93NUMPY (byte 0)' };
  const major = head[6];
  if (major < 1 || major > 3)
    return { error: `is a .npy file of version ${major}.${head[7]}, expected 1.0-3.0 (byte 6)` };
  const lengthBytes = major === 1 ? 2 : 4;
  const start = 8 + lengthBytes;
  if (head.length < start) return { error: `is truncated inside its header (${head.length} bytes)` };
  const view = new DataView(head.buffer, head.byteOffset, head.length);
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (head.length < start + length) return { needBytes: start + length };
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(head.subarray(start, start + length));
  const descr = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(text)?.[2];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (/['"]descr['"]\s*:\s*\[/.test(text))
    return { error: `holds a structured dtype (a record of fields, header at byte ${start}); save one plain array` };
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    return { error: `has a header NumPy did not write (byte ${start}): ${JSON.stringify(text.trim().slice(0, 80))}` };
  const order = descr[0];
  const code = /^[<>|=]/.test(order) ? descr.slice(1) : descr;
  const type = KINDS[code];
  if (!type) {
    const refused = REFUSED[code[0]];
    const what = refused ?? (code === 'f2' ? 'float16' : code === 'u8' ? 'uint64' : code);
    return {
      error:
        `holds dtype ${JSON.stringify(descr)} (${what}), which cannot be training data; expected float32, float64, ` +
        `int8/16/32/64, uint8/16/32 or bool: convert it with arr.astype(np.float32)`,
    };
  }
  const dims = shapeText
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  const shape = dims.map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0))
    return { error: `has a header shape (${shapeText}) that is not a list of sizes (byte ${start})` };
  return {
    shape,
    type,
    dataOffset: start + length,
    littleEndian: order !== '>' || BYTES_OF[type] === 1,
    fortranOrder: fortran === 'True',
  };
}

/** The bytes the elements need, checked against the bytes there are: a message naming the offsets when short. */
export function checkNpyLength(header: ArrayHeader, fileBytes: number): string | undefined {
  const need = elementCount(header.shape) * BYTES_OF[header.type];
  const have = fileBytes - header.dataOffset;
  if (have >= need) return undefined;
  return (
    `is truncated: its header (shape [${header.shape.join(', ')}], ${header.type}) needs ` +
    `${grouped(need)} ` +
    `bytes of data from byte ${header.dataOffset}, but the file ends at byte ${grouped(fileBytes)}`
  );
}
