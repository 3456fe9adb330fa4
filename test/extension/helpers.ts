// Shared by the extension-host tests: the extension's API, the fixture workspace, and waiting on VS Code state.
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/testing/api';
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
export function diagnosticsWhere(
  uri: vscode.Uri,
  what: string,
  accept: (d: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'backprop');
      return accept(diagnostics) ? diagnostics : undefined;
    },
    { what, timeoutMs: 10_000 },
  );
}

export { waitFor };

/** A fresh copy of a fixture spec under a new name, so a test starts without the session other tests left. */
export function copySpec(from: string, to: string): vscode.Uri {
  const uri = fixture(to);
  fs.copyFileSync(fixture(from).fsPath, uri.fsPath);
  return uri;
}

/** Opens a fixture spec in an editor and returns its document. */
export async function showSpec(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** The markdown of every hover at `offset`, once it includes `expected`. */
export function hoverWhere(doc: vscode.TextDocument, offset: number, expected: string | RegExp): Promise<string> {
  const position = doc.positionAt(offset);
  return waitFor(
    async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        position,
      );
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) ? text : undefined;
    },
    {
      what: `a hover at ${doc.uri.path}:${position.line + 1}:${position.character + 1} with ${String(expected)}`,
      timeoutMs: 10_000,
    },
  );
}

/** The offset just inside the first occurrence of `needle` (after `after`, when given). */
export function offsetIn(doc: vscode.TextDocument, needle: string, after = ''): number {
  const text = doc.getText();
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, Math.max(from, 0));
  if (at < 0) throw new Error(`"${needle}" not found in ${doc.uri.path}`);
  return at + 1;
}

/** Diagnostics of training results (gradient checks, divergence) on the document, once `accept` holds. */
export function resultDiagnosticsWhere(
  uri: vscode.Uri,
  what: string,
  accept: (d: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'backprop training');
      return accept(diagnostics) ? diagnostics : undefined;
    },
    { what, timeoutMs: 15_000 },
  );
}

/**
 * Closes every open Backprop panel (their tabs; the panel keeps no focus, so "close active editor" would hit the
 * spec).
 */
export async function closePanels(): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('backprop.panel'));
  await vscode.window.tabGroups.close(tabs);
}
