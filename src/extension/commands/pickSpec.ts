// Which spec a command acts on: its argument, else the active spec editor, else the user's choice.
import * as vscode from 'vscode';
import { isSpecDocument } from '../editor/specAnalyzer';

const BROWSE = 'Browse…';

/** Asks for a spec: a quick pick over the workspace's `*.nn.json` files, or the open dialog. */
export async function pickSpec(title: string): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles('**/*.nn.json', '**/node_modules/**');
  found.sort((a, b) => a.path.localeCompare(b.path));
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = found.map((uri) => ({
    label: vscode.workspace.asRelativePath(uri, false),
    uri,
  }));
  if (items.length > 0) {
    items.push({ label: BROWSE, alwaysShow: true });
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Choose a *.nn.json spec' });
    if (!picked) return undefined;
    if (picked.uri) return picked.uri;
  }
  const chosen = await vscode.window.showOpenDialog({
    title,
    canSelectMany: false,
    filters: { 'Network spec': ['nn.json'] },
  });
  return chosen?.[0];
}

/**
 * The spec a command targets: a URI (or its string form, from hover links), else the active spec editor's, else the
 * spec of the active panel (`panelSpec`: a keyboard user in the panel runs commands on what it shows), else asks.
 */
export async function targetSpec(arg: unknown, title: string, panelSpec?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg, true);
  const active = vscode.window.activeTextEditor?.document;
  if (active && isSpecDocument(active)) return active.uri;
  return panelSpec ?? pickSpec(title);
}
