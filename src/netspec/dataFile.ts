// Reads a data file named in a spec through the SpecHost, refusing any path that leaves the allowed folder tree.
import { folderOf, isAbsolutePath, isInside, joinPath, normalizePath } from './paths';
import type { SpecHost } from './types';

/**
 * Longer data files are refused: CSV parsing takes ~0.5 s and ~70 MB of memory per MB of text, and the editor waits
 * for it.
 */
export const MAX_DATA_FILE_LENGTH = 10_000_000;

/** The file's text, or a message saying why it cannot be used (the caller locates it on the path string). */
export function readDataFile(host: SpecHost, rel: string): { text: string } | { error: string } {
  const shown = JSON.stringify(rel);
  if (rel.trim() === '') return { error: 'data.csv is empty; expected a path relative to the spec file' };
  if (isAbsolutePath(rel)) return { error: `data.csv ${shown} is absolute; expected a path relative to the spec file` };
  const root = normalizePath(host.allowedRoot ?? folderOf(host.specPath)) ?? '/';
  const path = joinPath(folderOf(host.specPath), rel);
  if (path === undefined || !isInside(path, root)) {
    return { error: `data.csv ${shown} points outside the workspace folder ${root}` };
  }
  let real: string | undefined;
  let text: string | undefined;
  try {
    real = host.realpath(path);
    // NOTE: both sides resolved, so a workspace reached through a symlink still counts as inside.
    if (real !== undefined && !isInside(real, host.realpath(root) ?? root)) {
      return { error: `data.csv ${shown} is a link to ${real}, outside the workspace folder ${root}` };
    }
    text = real === undefined ? undefined : host.readFile(real);
  } catch (e) {
    return { error: `data.csv ${shown} could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (text === undefined) return { error: `data.csv ${shown} was not found (looked for ${path})` };
  if (text.length > MAX_DATA_FILE_LENGTH) {
    return {
      error:
        `data.csv ${shown} is ${(text.length / 1e6).toFixed(0)} MB, more than the ` +
        `${MAX_DATA_FILE_LENGTH / 1e6} MB a data file may hold; train on a sample of its rows`,
    };
  }
  return { text };
}
