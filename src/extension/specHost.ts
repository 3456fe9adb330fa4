// Gives spec/ read access to files on disk, confined to the workspace folder that holds the spec.
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { SpecHost } from '../spec/types';

/** spec/ wants absolute paths with '/' separators on every OS. */
function posix(p: string): string {
  return p.replace(/\\/g, '/');
}

/** True for "this path does not exist" errors, the only ones spec/ expects as `undefined`. */
function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A SpecHost for the spec at `uri`: data files must stay inside its workspace folder (or its own folder). */
export function specHostFor(uri: vscode.Uri): SpecHost {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return {
    specPath: posix(uri.fsPath),
    allowedRoot: folder ? posix(folder.uri.fsPath) : undefined,
    readFile(absPath) {
      try {
        return fs.readFileSync(absPath, 'utf8');
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
    realpath(absPath) {
      try {
        return posix(fs.realpathSync(absPath));
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
  };
}
