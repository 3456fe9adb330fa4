// Reads specs' data files for the Node front ends: whole files for the CLI and the worker, headers only (cached by
// path, size and modification time) for the editor's extension host. Data files are confined to a folder tree.
import * as fs from 'fs';
import * as path from 'path';
import type { SpecHost } from '../netspec/types';

/** netspec/ wants absolute paths with '/' separators on every OS. */
export function posixPath(p: string): string {
  return p.replace(/\\/g, '/');
}

/** Calls fn, turning "does not exist" into undefined and letting every other I/O error through. */
function unlessMissing<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function fence(specPath: string, allowedRoot: string | undefined): Pick<SpecHost, 'specPath' | 'allowedRoot'> {
  return {
    specPath: posixPath(path.resolve(specPath)),
    allowedRoot: allowedRoot === undefined ? undefined : posixPath(path.resolve(allowedRoot)),
  };
}

function realpath(p: string): string | undefined {
  return unlessMissing(() => posixPath(fs.realpathSync(p)));
}

/** A SpecHost that reads whole files. */
export type WholeFileHost = SpecHost &
  Required<Pick<SpecHost, 'readFile' | 'readBinary' | 'readBytes' | 'readInto' | 'fileSize'>>;

/**
 * True when glibc's malloc gives this process huge pages for its large blocks: GLIBC_TUNABLES sets
 * glibc.malloc.hugetlb to 1 or 2 (as the CLI's relaunch of a large load does).
 */
export function mallocHugePages(env: NodeJS.ProcessEnv = process.env): boolean {
  return /(^|:)glibc\.malloc\.hugetlb=[12](:|$)/.test(env.GLIBC_TUNABLES ?? '');
}

/** A SpecHost reading data files whole for the spec at `specPath`; data stays inside `allowedRoot` (its folder). */
export function nodeSpecHost(specPath: string, allowedRoot?: string): WholeFileHost {
  return {
    ...fence(specPath, allowedRoot),
    readsInPlace: mallocHugePages(),
    readFile: (p) => unlessMissing(() => fs.readFileSync(p, 'utf8')),
    readBinary: (p) => unlessMissing(() => fs.readFileSync(p)),
    readBytes: (p, offset, length) =>
      unlessMissing(() => readRange(p, offset, Math.max(0, Math.min(length, fs.statSync(p).size - offset)))),
    readInto,
    fileSize: (p) => unlessMissing(() => fs.statSync(p).size),
    realpath,
  };
}

/** One read of a data file's bytes from disk (not from the cache). */
export interface ByteRead {
  path: string;
  offset: number;
  bytes: number;
}

/** Files whose header reads are kept: far more than a user has specs open. */
const KEPT_FILES = 64;

/**
 * The bytes header readers asked of each data file, kept while the file's size and modification time stay the same:
 * re-checking a spec on every pause in typing reads nothing from disk until its data file changes.
 */
export class HeaderCache {
  private readonly files = new Map<string, { stamp: string; chunks: Map<string, Uint8Array> }>();

  /** `onRead` hears every read that reaches the disk (the extension's tests watch them). */
  constructor(private readonly onRead?: (read: ByteRead) => void) {}

  /**
   * `length` bytes of the file from `offset` (fewer at its end) with the file's stamp ("path size mtime"), or
   * undefined when it does not exist.
   */
  read(file: string, offset: number, length: number): { bytes: Uint8Array; stamp: string } | undefined {
    const stat = unlessMissing(() => fs.statSync(file));
    if (!stat) return undefined;
    const stamp = stampOf(file, stat);
    let entry = this.files.get(file);
    if (entry?.stamp !== stamp) {
      entry = { stamp, chunks: new Map() };
      this.files.delete(file);
      this.files.set(file, entry);
      if (this.files.size > KEPT_FILES) this.files.delete(this.files.keys().next().value as string);
    }
    const key = `${offset}:${length}`;
    let bytes = entry.chunks.get(key);
    if (!bytes) {
      bytes = readRange(file, offset, Math.max(0, Math.min(length, stat.size - offset)));
      entry.chunks.set(key, bytes);
      this.onRead?.({ path: file, offset, bytes: bytes.length });
    }
    return { bytes, stamp };
  }
}

/** A SpecHost that reads only data-file headers, recording which files it read for callers' caches. */
export interface HeaderHost extends SpecHost {
  /** "path size mtime" of each data file read through this host, sorted: what depends on their contents keys on it. */
  dataStamps(): string[];
}

/** A header-only SpecHost for the extension host, reading through `cache`. */
export function headerSpecHost(specPath: string, allowedRoot: string | undefined, cache: HeaderCache): HeaderHost {
  const read = new Map<string, string>();
  return {
    ...fence(specPath, allowedRoot),
    realpath,
    readBytes: (p, offset, length) => {
      const found = cache.read(p, offset, length);
      if (found) read.set(p, found.stamp);
      return found?.bytes;
    },
    fileSize: (p) => unlessMissing(() => fs.statSync(p).size),
    dataStamps: () => [...read.values()].sort(),
  };
}

function stampOf(file: string, stat: fs.Stats): string {
  return `${file} ${stat.size} ${stat.mtimeMs}`;
}

function readRange(file: string, offset: number, length: number): Uint8Array {
  const buffer = new Uint8Array(length);
  return buffer.subarray(0, readInto(file, offset, buffer));
}

/** Fills `into` from the file's byte `offset` (less at its end); how many bytes came. */
function readInto(file: string, offset: number, into: Uint8Array): number {
  const fd = fs.openSync(file, 'r');
  try {
    let done = 0;
    while (done < into.length) {
      const n = fs.readSync(fd, into, done, into.length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  } finally {
    fs.closeSync(fd);
  }
}
