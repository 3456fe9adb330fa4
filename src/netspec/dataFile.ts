// Opens a data file named in a spec through the SpecHost, refusing any path that leaves the allowed folder tree: its
// whole text where the host reads whole files, or a reader of its first bytes where it reads headers only.
import { folderOf, isAbsolutePath, isInside, joinPath, normalizePath } from './paths';
import type { SpecHost } from './types';

/**
 * Longer data files are refused: CSV parsing takes ~0.5 s and ~70 MB of memory per MB of text (in the worker or the
 * CLI; the editor's host reads headers only).
 */
export const MAX_DATA_FILE_LENGTH = 10_000_000;

/** Bytes `[offset, offset + length)` of an opened data file (fewer at its end). */
export type ByteReader = (offset: number, length: number) => Uint8Array;

/** An opened data file: its whole text, or (a header-only host) its bytes on demand, for a format's header reader. */
export type DataFile = { text: string } | { bytes: ByteReader };

/** The opened file, or a message saying why it cannot be used (the caller locates it on the path string). */
export function openDataFile(host: SpecHost, rel: string): DataFile | { error: string } {
  const shown = JSON.stringify(rel);
  if (rel.trim() === '') return { error: 'data.csv is empty; expected a path relative to the spec file' };
  if (isAbsolutePath(rel)) return { error: `data.csv ${shown} is absolute; expected a path relative to the spec file` };
  const root = normalizePath(host.allowedRoot ?? folderOf(host.specPath)) ?? '/';
  const path = joinPath(folderOf(host.specPath), rel);
  if (path === undefined || !isInside(path, root)) {
    return { error: `data.csv ${shown} points outside the workspace folder ${root}` };
  }
  const fail = (e: unknown): { error: string } => ({
    error: `data.csv ${shown} could not be read: ${e instanceof Error ? e.message : String(e)}`,
  });
  const missing = { error: `data.csv ${shown} was not found (looked for ${path})` };
  let real: string | undefined;
  try {
    real = host.realpath(path);
    // NOTE: both sides resolved, so a workspace reached through a symlink still counts as inside.
    if (real !== undefined && !isInside(real, host.realpath(root) ?? root)) {
      return { error: `data.csv ${shown} is a link to ${real}, outside the workspace folder ${root}` };
    }
  } catch (e) {
    return fail(e);
  }
  if (real === undefined) return missing;
  const file = real;
  if (!host.readFile) {
    if (!host.readBytes) return { error: `data.csv ${shown} cannot be read here` };
    // Read once now so a missing or unreadable file is reported like a whole-file read would be.
    try {
      if (host.readBytes(file, 0, 0) === undefined) return missing;
    } catch (e) {
      return fail(e);
    }
    return { bytes: (offset, length) => host.readBytes?.(file, offset, length) ?? new Uint8Array(0) };
  }
  let text: string | undefined;
  try {
    text = host.readFile(file);
  } catch (e) {
    return fail(e);
  }
  if (text === undefined) return missing;
  if (text.length > MAX_DATA_FILE_LENGTH) {
    return {
      error:
        `data.csv ${shown} is ${(text.length / 1e6).toFixed(0)} MB, more than the ` +
        `${MAX_DATA_FILE_LENGTH / 1e6} MB a data file may hold; train on a sample of its rows`,
    };
  }
  return { text };
}
