// The "Open Network Spec…" and "Show Training Panel" commands.
import * as vscode from 'vscode';
import type { Panels } from './panels';
import { isSpecDocument } from './specAnalyzer';

const BROWSE = 'Browse…';

/** Asks for a spec: a quick pick over the workspace's `*.nn.json` files, or the open dialog. */
async function pickSpec(): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles('**/*.nn.json', '**/node_modules/**');
  found.sort((a, b) => a.path.localeCompare(b.path));
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = found.map((uri) => ({
    label: vscode.workspace.asRelativePath(uri, false),
    uri,
  }));
  if (items.length > 0) {
    items.push({ label: BROWSE, alwaysShow: true });
    const picked = await vscode.window.showQuickPick(items, { title: 'Open Network Spec', placeHolder: 'Choose a *.nn.json spec' });
    if (!picked) return undefined;
    if (picked.uri) return picked.uri;
  }
  const chosen = await vscode.window.showOpenDialog({
    title: 'Open Network Spec',
    canSelectMany: false,
    filters: { 'Network spec': ['nn.json'] },
  });
  return chosen?.[0];
}

/** Opens the spec in the active column and its panel beside it. */
async function openSpec(panels: Panels, uri: vscode.Uri | undefined): Promise<void> {
  const target = uri ?? (await pickSpec());
  if (!target) return;
  const editor = await vscode.window.showTextDocument(target, { preview: false });
  panels.show(editor.document.uri, vscode.ViewColumn.Beside);
}

/** Shows the panel of the given spec, else of the active editor's spec, else asks for one. */
async function showPanel(panels: Panels, uri: vscode.Uri | undefined): Promise<void> {
  const active = vscode.window.activeTextEditor?.document;
  const target = uri ?? (active && isSpecDocument(active) ? active.uri : undefined);
  if (target) panels.show(target, vscode.ViewColumn.Beside);
  else await openSpec(panels, undefined);
}

/** Registers both commands; each accepts an optional spec URI (explorer menus and tests pass one). */
export function registerCommands(panels: Panels): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('backprop.openSpec', (uri?: vscode.Uri) => openSpec(panels, uri)),
    vscode.commands.registerCommand('backprop.showPanel', (uri?: vscode.Uri) => showPanel(panels, uri)),
  );
}
