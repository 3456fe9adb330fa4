// Recognises a data file by its first bytes (gzip, .npy, .npz, IDX, else text) and opens the array it holds: its
// header through a few reads, and where the file was read whole a decoder into the training-precision array.
import { Gunzip, gunzipSync, Inflate, inflateSync } from 'fflate';
import type { Floats } from '../../engine/types';
import type { ByteReader } from '../dataFile';
import { BYTES_OF, decodeElements, elementCount, type ArrayHeader } from './arrays';
import { looksLikeIdx, readIdxHeader } from './idx';
import { checkNpyLength, NPY_HEAD_BYTES, NPY_MAGIC, readNpyHeader } from './npy';
import { memberDataOffset, readZipDirectory, type ZipMember } from './zip';

/** An opened array: its header, and (whole reads only) a decoder returning the first non-finite element or -1. */
export interface ArraySource {
  /** What the file is, for messages and `check`: "npy", "npz", "IDX", "gzip IDX"… */
  format: string;
  header: ArrayHeader;
  decode?: (dest: Floats, scale: number) => number;
}

/** Why an array could not be opened; `onArray` when the fault is the spec's `array` name, not the file. */
export interface ArrayError {
  error: string;
  onArray?: boolean;
}

/** A file's bytes: read on demand, with the size and, where it was read whole, all of them. */
export interface Bytes {
  read: ByteReader;
  size: number;
  whole?: Uint8Array;
}

/** Decompressed bytes a header-only host inflates to find a compressed file's header. */
const HEAD_INFLATED = NPY_HEAD_BYTES;
/** Compressed bytes read at a time for that. */
const HEAD_CHUNK = 16_384;

/** True when the file is one of the binary formats (else the caller reads it as CSV text). */
export function isBinary(head: Uint8Array): boolean {
  return isGzip(head) || isNpy(head) || isZip(head) || looksLikeIdx(head);
}

const isGzip = (h: Uint8Array): boolean => h[0] === 0x1f && h[1] === 0x8b;
const isNpy = (h: Uint8Array): boolean => NPY_MAGIC.every((b, i) => h[i] === b);
const isZip = (h: Uint8Array): boolean => h[0] === 0x50 && h[1] === 0x4b && (h[2] === 3 || h[2] === 5);

/** The array in a binary file; `array` names an .npz member (optional when it holds one). */
export function openArray(file: Bytes, array: string | undefined): ArraySource | ArrayError {
  const head = file.read(0, 8);
  if (isGzip(head)) return openGzip(file, array);
  if (isZip(head)) return openNpz(file, array);
  if (array !== undefined)
    return { error: `is not an .npz archive, so it has no array ${JSON.stringify(array)}`, onArray: true };
  if (isNpy(head)) return openNpy(file, 'npy');
  return openIdx(file, 'IDX');
}

function openNpy(file: Bytes, format: string, at = ''): ArraySource | ArrayError {
  let head = file.read(0, NPY_HEAD_BYTES);
  let header = readNpyHeader(head);
  if ('needBytes' in header) {
    head = file.read(0, header.needBytes);
    header = readNpyHeader(head);
  }
  if ('needBytes' in header) return { error: `is truncated inside its .npy header${at}` };
  if ('error' in header) return { error: header.error + at };
  const short = checkNpyLength(header, file.size);
  if (short) return { error: short + at };
  const { whole } = file;
  const h = header;
  const count = elementCount(h.shape);
  return {
    format,
    header: h,
    decode:
      whole &&
      ((dest, scale) =>
        decodeElements(
          whole,
          h.dataOffset,
          h.type,
          count,
          dest,
          scale,
          h.littleEndian,
          h.fortranOrder ? h.shape : undefined,
        )),
  };
}

function openIdx(file: Bytes, format: string, at = ''): ArraySource | ArrayError {
  const header = readIdxHeader(file.read(0, 4 + 4 * 255));
  if ('error' in header) return { error: header.error + at };
  const need = elementCount(header.shape) * BYTES_OF[header.type];
  if (file.size - header.dataOffset < need) {
    return {
      error:
        `is truncated: its header (dimensions [${header.shape.join(', ')}], ${header.type}) needs ` +
        `${need.toLocaleString('en-US')} bytes of data from byte ${header.dataOffset}, but the data ends at byte ` +
        `${file.size.toLocaleString('en-US')}${at}`,
    };
  }
  const { whole } = file;
  return {
    format,
    header,
    decode:
      whole &&
      ((dest, scale) =>
        decodeElements(whole, header.dataOffset, header.type, elementCount(header.shape), dest, scale, false)),
  };
}

/** A gzip file: inflated whole, or (header-only) its first kilobytes, with its size from the gzip trailer. */
function openGzip(file: Bytes, array: string | undefined): ArraySource | ArrayError {
  if (array !== undefined)
    return {
      error: `is gzip-compressed, not an .npz archive, so it has no array ${JSON.stringify(array)}`,
      onArray: true,
    };
  const at = ' (in the decompressed data)';
  let inner: Bytes;
  if (file.whole) {
    let whole: Uint8Array;
    try {
      whole = gunzipSync(file.whole);
    } catch (e) {
      return { error: `is a damaged or truncated gzip file: ${e instanceof Error ? e.message : String(e)}` };
    }
    inner = { read: (o, n) => whole.subarray(o, o + n), size: whole.length, whole };
  } else {
    const trailer = file.read(file.size - 4, 4);
    // NOTE: the trailer holds the size modulo 2^32: exact for any data set a data file here holds.
    const size = trailer.length === 4 ? new DataView(trailer.buffer, trailer.byteOffset).getUint32(0, true) : 0;
    const head = inflateHead(file.read, 0, file.size, true);
    if ('error' in head) return head;
    inner = { read: (o, n) => head.subarray(o, o + n), size };
  }
  const innerHead = inner.read(0, 8);
  if (isNpy(innerHead)) return openNpy(inner, 'gzip npy', at);
  return openIdx(inner, 'gzip IDX', at);
}

/** The first decompressed bytes of a deflate (or gzip) stream starting at `offset`. */
function inflateHead(read: ByteReader, offset: number, end: number, gzip: boolean): Uint8Array | ArrayError {
  const parts: Uint8Array[] = [];
  let have = 0;
  let failure: string | undefined;
  const stream = gzip ? new Gunzip() : new Inflate();
  stream.ondata = (chunk: Uint8Array): void => {
    parts.push(chunk);
    have += chunk.length;
  };
  try {
    for (let at = offset; at < end && have < HEAD_INFLATED; at += HEAD_CHUNK) {
      const chunk = read(at, Math.min(HEAD_CHUNK, end - at));
      if (chunk.length === 0) break;
      stream.push(chunk, at + chunk.length >= end);
    }
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  if (failure !== undefined && have === 0) return { error: `is a damaged compressed file: ${failure}` };
  const out = new Uint8Array(have);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/** An .npz archive: the member `array` names (`name` or `name.npy`), or its only member. */
function openNpz(file: Bytes, array: string | undefined): ArraySource | ArrayError {
  const members = readZipDirectory(file.read, file.size);
  if ('error' in members) return members;
  const arrays = members.filter((m) => m.name.endsWith('.npy'));
  const names = arrays.map((m) => m.name.replace(/\.npy$/, ''));
  const listed = names.map((n) => JSON.stringify(n)).join(', ') || 'none';
  if (array === undefined && arrays.length !== 1)
    return { error: `is an .npz archive of ${arrays.length} arrays (${listed}); name one with "array"`, onArray: true };
  const member = array === undefined ? arrays[0] : arrays.find((m) => m.name === array || m.name === `${array}.npy`);
  if (!member) return { error: `has no array ${JSON.stringify(array)}; it holds ${listed}`, onArray: true };
  const start = memberDataOffset(file.read, member);
  if (typeof start !== 'number') return start;
  const at = ` (in member ${JSON.stringify(member.name)}, whose data starts at byte ${start})`;
  if (start + member.compressedSize > file.size)
    return {
      error: `is truncated: member ${JSON.stringify(member.name)} needs bytes up to ${start + member.compressedSize}, the file ends at byte ${file.size}`,
    };
  if (member.method !== 0 && member.method !== 8)
    return {
      error: `stores member ${JSON.stringify(member.name)} with ZIP method ${member.method}; expected stored (0) or deflated (8)`,
    };
  const inner = memberBytes(file, member, start);
  if ('error' in inner) return { error: inner.error + at };
  return openNpy(inner, member.method === 0 ? 'npz' : 'deflated npz', at);
}

function memberBytes(file: Bytes, member: ZipMember, start: number): Bytes | ArrayError {
  const stored = member.method === 0;
  if (file.whole) {
    const raw = file.whole.subarray(start, start + member.compressedSize);
    let whole: Uint8Array;
    try {
      whole = stored ? raw : inflateSync(raw, { out: new Uint8Array(member.size) });
    } catch (e) {
      return { error: `has a damaged deflated member: ${e instanceof Error ? e.message : String(e)}` };
    }
    return { read: (o, n) => whole.subarray(o, o + n), size: whole.length, whole };
  }
  if (stored) return { read: (o, n) => file.read(start + o, Math.min(n, member.size - o)), size: member.size };
  const head = inflateHead(file.read, start, start + member.compressedSize, false);
  if ('error' in head) return head;
  return { read: (o, n) => head.subarray(o, o + n), size: member.size };
}
