// The extension's own bundles beside dist/extension.js, loaded on first use: VS Code compiles all of extension.js
// before activate() runs, so code that activation does not need (the schema's language service, the model bridges,
// the inline debug adapter) lives in bundles of its own.
import { createRequire } from 'module';
import * as vscode from 'vscode';

/** A loader of dist/`name`.js: the first call requires it, later ones return the same module. */
export function lazyBundle<T>(extensionUri: vscode.Uri, name: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      const file = vscode.Uri.joinPath(extensionUri, 'dist', `${name}.js`).fsPath;
      loaded = createRequire(file)(file) as T;
    }
    return loaded;
  };
}
