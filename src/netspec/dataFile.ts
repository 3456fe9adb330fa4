// Opens a data file named in a spec through the SpecHost, refusing any path that leaves the allowed folder tree: its
// whole contents where the host reads whole files, or a reader of its bytes on demand where it reads headers only.
// Size is no reason to refuse here: the memory estimate (numbers × bytes, from the headers) decides that.
import { folderOf, isAbsolutePath, isInside, joinPath, normalizePath } from './paths';
import { LoadCancelled, type LoadMonitor, type SpecHost } from './types';

/** Bytes `[offset, offset + length)` of an opened data file (fewer at its end). */
export type ByteReader = (offset: number, length: number) => Uint8Array;

/**
 * An opened data file: its bytes on demand and its size, for a format's header reader; and where the host reads whole
 * files (worker, CLI), all of them, read only when asked (after the memory estimate allowed it).
 */
export interface DataFile {
  read: ByteReader;
  size: number;
  whole?: () => Uint8Array;
  /** Reads from `offset` into `into`, saying how many bytes came: where present, chunks reuse one buffer. */
  readInto?: (offset: number, into: Uint8Array) => number;
  /** The host's `readsInPlace`: `eachChunk` reads into the destination it is given. */
  readsInPlace?: boolean;
  /** The path as the spec writes it, for progress. */
  name?: string;
  monitor?: LoadMonitor;
}

/** Bytes read at a time while a file is streamed: progress and cancellation land between chunks. */
export const CHUNK_BYTES = 1 << 21;

/**
 * Hands `onChunk` the file's bytes `[offset, offset + length)` in consecutive chunks, each valid only during its call
 * (one buffer is reused), reporting progress and stopping with LoadCancelled between them. Throws when the file ends
 * first. With `into` (`length` bytes, the bytes' destination) and a file that reads in place, they are read straight
 * into it and each chunk is its next part.
 */
export function eachChunk(
  file: DataFile,
  offset: number,
  length: number,
  onChunk: (bytes: Uint8Array) => void,
  into?: Uint8Array,
): void {
  const { readInto, monitor } = file;
  const inPlace = file.readsInPlace === true && into !== undefined;
  const buffer = readInto && (inPlace ? into : new Uint8Array(Math.min(CHUNK_BYTES, length)));
  for (let done = 0; done < length;) {
    const n = Math.min(CHUNK_BYTES, length - done);
    const place = buffer && (inPlace ? buffer.subarray(done, done + n) : buffer.subarray(0, n));
    const bytes = readInto && place ? place.subarray(0, readInto(offset + done, place)) : file.read(offset + done, n);
    if (bytes.length === 0) throw new Error(`ends at byte ${offset + done}, before the ${offset + length} expected`);
    onChunk(bytes);
    done += bytes.length;
    if (monitor) {
      monitor.progress({ file: file.name ?? '', done, total: length, unit: 'bytes' });
      if (monitor.cancelled()) throw new LoadCancelled(file.name ?? '');
    }
  }
}

/**
 * The opened file, or a message saying why it cannot be used (the caller locates it on the path string). `label` names
 * the path's place in messages, e.g. `data.csv` or `data.inputs.file`.
 */
export function openDataFile(host: SpecHost, rel: string, label = 'data.csv'): DataFile | { error: string } {
  const shown = `${label} ${JSON.stringify(rel)}`;
  if (rel.trim() === '') return { error: `${label} is empty; expected a path relative to the spec file` };
  if (isAbsolutePath(rel)) return { error: `${shown} is absolute; expected a path relative to the spec file` };
  const root = normalizePath(host.allowedRoot ?? folderOf(host.specPath)) ?? '/';
  const path = joinPath(folderOf(host.specPath), rel);
  if (path === undefined || !isInside(path, root)) {
    return { error: `${shown} points outside the workspace folder ${root}` };
  }
  const fail = (e: unknown): { error: string } => ({
    error: `${shown} could not be read: ${e instanceof Error ? e.message : String(e)}`,
  });
  const missing = { error: `${shown} was not found (looked for ${path})` };
  let real: string | undefined;
  try {
    real = host.realpath(path);
    // NOTE: both sides resolved, so a workspace reached through a symlink still counts as inside.
    if (real !== undefined && !isInside(real, host.realpath(root) ?? root)) {
      return { error: `${shown} is a link to ${real}, outside the workspace folder ${root}` };
    }
  } catch (e) {
    return fail(e);
  }
  if (real === undefined) return missing;
  const file = real;
  try {
    if (host.readBytes && host.fileSize) {
      const size = host.fileSize(file);
      if (size === undefined) return missing;
      const whole = host.readBinary
        ? () => host.readBinary?.(file) ?? new Uint8Array(0)
        : host.readFile && (() => new TextEncoder().encode(host.readFile?.(file) ?? ''));
      const read: ByteReader = (offset, length) => host.readBytes?.(file, offset, length) ?? new Uint8Array(0);
      if (!whole) return { read, size };
      const opened: DataFile = { read, size, whole, name: rel };
      if (host.readInto) opened.readInto = (offset, into) => host.readInto?.(file, offset, into) ?? 0;
      if (host.readsInPlace) opened.readsInPlace = true;
      if (host.monitor) opened.monitor = host.monitor;
      return opened;
    }
    if (!host.readFile) return { error: `${shown} cannot be read here` };
    // A host of whole texts only (tests, in memory): the bytes are the text's.
    const text = host.readFile(file);
    if (text === undefined) return missing;
    const bytes = new TextEncoder().encode(text);
    const opened: DataFile = {
      read: (offset, length) => bytes.subarray(offset, offset + length),
      size: bytes.length,
      whole: () => bytes,
      name: rel,
    };
    if (host.monitor) opened.monitor = host.monitor;
    return opened;
  } catch (e) {
    return fail(e);
  }
}

/** The file's whole text (UTF-8, BOM kept for the CSV reader to drop), where the host reads whole files. */
export function textOf(file: DataFile): string | undefined {
  return file.whole && new TextDecoder().decode(file.whole());
}
