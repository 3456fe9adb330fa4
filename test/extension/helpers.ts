// Shared by the extension-host tests: the extension's API, the fixture workspace, and waiting on VS Code state.
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/api';
import { waitFor } from '../../scripts/wait';

export const EXTENSION_ID = 'backprop-studio.backprop-studio';

/** The extension, activated, with the API its `activate()` returned. */
export async function activeExtension(): Promise<{ extension: vscode.Extension<BackpropApi>; api: BackpropApi }> {
  const extension = vscode.extensions.getExtension<BackpropApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  return { extension, api };
}

/** A file of the (copied) fixture workspace. */
export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Waits until the document's diagnostics satisfy `accept`, returning them. */
export function diagnosticsWhere(uri: vscode.Uri, what: string, accept: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'backprop');
    return accept(diagnostics) ? diagnostics : undefined;
  }, { what, timeoutMs: 10_000 });
}

export { waitFor };
