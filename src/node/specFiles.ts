// Reads specs from disk for the Node front ends (CLI, worker, extension): a SpecHost that confines data files to a
// folder tree.
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

/** A SpecHost for the spec at `specPath`; data files must stay inside `allowedRoot` (default: the spec's folder). */
export function nodeSpecHost(specPath: string, allowedRoot?: string): SpecHost {
  return {
    specPath: posixPath(path.resolve(specPath)),
    allowedRoot: allowedRoot === undefined ? undefined : posixPath(path.resolve(allowedRoot)),
    readFile: (p) => unlessMissing(() => fs.readFileSync(p, 'utf8')),
    realpath: (p) => unlessMissing(() => posixPath(fs.realpathSync(p))),
  };
}
