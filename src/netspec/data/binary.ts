// Recognises a data file by its first bytes (gzip, .npy, .npz, IDX, else text) and opens the array it holds: its
// header through a few reads, and where the file was read whole a decoder into the training-precision array.
import { Gunzip, Inflate } from 'fflate';
import type { Floats } from '../../engine/types';
import { eachChunk, type ByteReader, type DataFile } from '../dataFile';
import { LoadCancelled } from '../types';
import { BYTES_OF, elementCount, ElementWriter, type ArrayHeader, type ElementType } from './arrays';
import { looksLikeIdx, readIdxHeader } from './idx';
import { checkNpyLength, NPY_HEAD_BYTES, NPY_MAGIC, readNpyHeader } from './npy';
import { memberDataOffset, readZipDirectory, type ZipMember } from './zip';
import { grouped } from '../../shared/format';

/**
 * An opened array: its header, and (where the host reads whole files) a decoder returning the first non-finite
 * element's index, -1 when all are finite, or a message when the file's elements cannot be read.
 */
export interface ArraySource {
  /** What the file is, for messages and `check`: "npy", "npz", "IDX", "gzip IDX"… */
  format: string;
  header: ArrayHeader;
  decode?: (dest: Floats, scale: number) => number | string;
}

/** Why an array could not be opened; `onArray` when the fault is the spec's `array` name, not the file. */
export interface ArrayError {
  error: string;
  onArray?: boolean;
}

/** Decompressed bytes read to find a compressed file's header. */
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

/**
 * The array in a binary file, from its header alone (compressed files inflated only as far as their header); `array`
 * names an .npz member (optional when it holds one). The elements are read when `decode` is called.
 */
export function openArray(file: DataFile, array: string | undefined): ArraySource | ArrayError {
  const head = file.read(0, 8);
  if (isZip(head)) return openNpz(file, array);
  if (array !== undefined) {
    return { error: `is not an .npz archive, so it has no array ${JSON.stringify(array)}`, onArray: true };
  }
  if (isGzip(head)) return openGzip(file);
  if (isNpy(head)) return openNpy(file, 'npy');
  return openIdx(file, 'IDX');
}

/**
 * Hands `onChunk` the (decompressed) file's bytes `[from, from + length)` in consecutive chunks; where they come from
 * the file as it is on disk, read straight into `into` (`length` bytes) when given.
 */
type Streamer = (from: number, length: number, onChunk: (bytes: Uint8Array) => void, into?: Uint8Array) => void;

/** A file the decoders read: where its host reads whole files, `stream` gives its (decompressed) bytes. */
interface Readable extends DataFile {
  stream?: Streamer;
}

/** The streamer of a file read as it is on disk (or a stored archive member's window on it). */
function plainStream(file: DataFile): Streamer | undefined {
  return file.whole && ((from, length, onChunk, into) => eachChunk(file, from, length, onChunk, into));
}

/**
 * A decoder of `count` elements of `type` from byte `offset` of the stream into `dest` (C order), converted and scaled
 * chunk by chunk as they are read: never the whole file in memory.
 */
function decoder(
  stream: Streamer,
  offset: number,
  type: ElementType,
  count: number,
  littleEndian: boolean,
  fortran?: number[],
): NonNullable<ArraySource['decode']> {
  return (dest, scale) => {
    const writer = new ElementWriter(type, count, dest, scale, littleEndian, fortran);
    try {
      stream(offset, count * BYTES_OF[type], (chunk) => writer.push(chunk), writer.inPlaceBytes());
    } catch (e) {
      if (e instanceof LoadCancelled) throw e;
      return `could not be read whole: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (writer.written < count) return `ends after ${grouped(writer.written)} of its ${grouped(count)} elements`;
    return writer.firstNonFinite;
  };
}

function openNpy(file: Readable, format: string, at = ''): ArraySource | ArrayError {
  let header = readNpyHeader(file.read(0, NPY_HEAD_BYTES));
  if ('needBytes' in header) header = readNpyHeader(file.read(0, header.needBytes));
  if ('needBytes' in header) return { error: `is truncated inside its .npy header${at}` };
  if ('error' in header) return { error: header.error + at };
  const short = checkNpyLength(header, file.size);
  if (short) return { error: short + at };
  const { shape, type, dataOffset, littleEndian, fortranOrder } = header;
  const stream = file.stream ?? plainStream(file);
  const order = fortranOrder ? shape : undefined;
  return {
    format,
    header,
    decode: stream && decoder(stream, dataOffset, type, elementCount(shape), littleEndian, order),
  };
}

function openIdx(file: Readable, format: string, at = ''): ArraySource | ArrayError {
  const header = readIdxHeader(file.read(0, 4 + 4 * 255));
  if ('error' in header) return { error: header.error + at };
  const need = elementCount(header.shape) * BYTES_OF[header.type];
  if (file.size - header.dataOffset < need) {
    return {
      error:
        `is truncated: its header (dimensions [${header.shape.join(', ')}], ${header.type}) needs ` +
        `${grouped(need)} bytes of data from byte ${header.dataOffset}, but the data ends at byte ` +
        `${grouped(file.size)}${at}`,
    };
  }
  const stream = file.stream ?? plainStream(file);
  return {
    format,
    header,
    decode: stream && decoder(stream, header.dataOffset, header.type, elementCount(header.shape), false),
  };
}

/** A gzip file: its header from the first inflated kilobytes, its size from the gzip trailer; inflated whole later. */
function openGzip(file: DataFile): ArraySource | ArrayError {
  const trailer = file.read(file.size - 4, 4);
  // NOTE: the trailer holds the size modulo 2^32: exact for any data set the memory limit lets through.
  const size = trailer.length === 4 ? new DataView(trailer.buffer, trailer.byteOffset).getUint32(0, true) : 0;
  const head = inflateHead(file.read, 0, file.size, true);
  if ('error' in head) return head;
  const inner: Readable = { read: (o, n) => head.subarray(o, o + n), size };
  if (file.whole) inner.stream = inflatedStream(file, 0, file.size, true);
  const at = ' (in the decompressed data)';
  return isNpy(head) ? openNpy(inner, 'gzip npy', at) : openIdx(inner, 'gzip IDX', at);
}

/** The first decompressed bytes of a deflate (or gzip) stream at `[offset, end)`. */
function inflateHead(read: ByteReader, offset: number, end: number, gzip: boolean): Uint8Array | ArrayError {
  const parts: Uint8Array[] = [];
  let have = 0;
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
    if (have === 0) return { error: `is a damaged compressed file: ${e instanceof Error ? e.message : String(e)}` };
  }
  const out = new Uint8Array(have);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/** An .npz archive: the member `array` names (`name` or `name.npy`), or its only member. */
function openNpz(file: DataFile, array: string | undefined): ArraySource | ArrayError {
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
  const name = JSON.stringify(member.name);
  if (start + member.compressedSize > file.size) {
    return {
      error:
        `is truncated: member ${name} needs bytes up to ${start + member.compressedSize}, the file ends at byte ` +
        `${file.size}`,
    };
  }
  if (member.method !== 0 && member.method !== 8)
    return { error: `stores member ${name} with ZIP method ${member.method}; expected stored (0) or deflated (8)` };
  const inner = memberFile(file, member, start);
  if ('error' in inner) return inner;
  const at = ` (in member ${name}, whose data starts at byte ${start})`;
  return openNpy(inner, member.method === 0 ? 'npz' : 'deflated npz', at);
}

/** The member's own bytes: a window on the archive when stored, else its inflated head (and, later, all of it). */
function memberFile(file: DataFile, member: ZipMember, start: number): Readable | ArrayError {
  const end = start + member.compressedSize;
  if (member.method === 0) {
    const stored: Readable = { read: (o, n) => file.read(start + o, Math.min(n, member.size - o)), size: member.size };
    if (file.whole) {
      stored.stream = (from, length, onChunk, into) => eachChunk(file, start + from, length, onChunk, into);
    }
    return stored;
  }
  const head = inflateHead(file.read, start, end, false);
  if ('error' in head) return head;
  const deflated: Readable = { read: (o, n) => head.subarray(o, o + n), size: member.size };
  if (file.whole) deflated.stream = inflatedStream(file, start, end, false);
  return deflated;
}

/**
 * The streamer of the deflate (or gzip) data at `[start, end)` of the file: compressed chunks are inflated as they are
 * read, and the inflated bytes outside the window asked for are dropped.
 */
function inflatedStream(file: DataFile, start: number, end: number, gzip: boolean): Streamer {
  return (from, length, onChunk) => {
    let at = 0;
    const stream = gzip ? new Gunzip() : new Inflate();
    stream.ondata = (chunk: Uint8Array): void => {
      const lo = Math.max(from - at, 0);
      const hi = Math.min(from + length - at, chunk.length);
      at += chunk.length;
      if (hi > lo) onChunk(chunk.subarray(lo, hi));
    };
    let read = 0;
    eachChunk(file, start, end - start, (bytes) => {
      read += bytes.length;
      if (at < from + length) stream.push(bytes, read === end - start);
    });
  };
}
