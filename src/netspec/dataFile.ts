// Opens a data file named in a spec through the SpecHost, refusing any path that leaves the allowed folder tree: its
// whole contents where the host reads whole files, or a reader of its bytes on demand where it reads headers only.
// Size is no reason to refuse here: the memory estimate (numbers × bytes, from the headers) decides that.
import { folderOf, isAbsolutePath, isInside, joinPath, normalizePath } from './paths';
import type { SpecHost } from './types';

/** Bytes `[offset, offset + length)` of an opened data file (fewer at its end). */
export type ByteReader = (offset: number, length: number) => Uint8Array;

/**
 * An opened data file: its whole text (a text-only host), its whole bytes, or (a header-only host) its bytes on demand
 * with its size, for a format's header reader.
 */
export type DataFile = { text: string } | { whole: Uint8Array } | { bytes: ByteReader; size: number };

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
    if (host.readBinary) {
      const whole = host.readBinary(file);
      return whole === undefined ? missing : { whole };
    }
    if (host.readFile) {
      const text = host.readFile(file);
      return text === undefined ? missing : { text };
    }
    if (!host.readBytes) return { error: `${shown} cannot be read here` };
    // Read once now so a missing or unreadable file is reported like a whole-file read would be.
    const size = host.fileSize?.(file);
    if (host.readBytes(file, 0, 0) === undefined || size === undefined) return missing;
    return { bytes: (offset, length) => host.readBytes?.(file, offset, length) ?? new Uint8Array(0), size };
  } catch (e) {
    return fail(e);
  }
}

/** The file's whole text (UTF-8, BOM kept for the CSV reader to drop), where it was read whole. */
export function textOf(file: DataFile): string | undefined {
  if ('text' in file) return file.text;
  return 'whole' in file ? new TextDecoder().decode(file.whole) : undefined;
}

/** A reader of the file's bytes and its size, whichever way it was opened. */
export function bytesOf(file: DataFile): { read: ByteReader; size: number } | undefined {
  if ('bytes' in file) return { read: file.bytes, size: file.size };
  if (!('whole' in file)) return undefined;
  const whole = file.whole;
  return { read: (offset, length) => whole.subarray(offset, offset + length), size: whole.length };
}
