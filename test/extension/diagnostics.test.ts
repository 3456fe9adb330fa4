// Spec problems become diagnostics on open and while typing, and disappear once fixed.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, diagnosticsWhere, fixture } from './helpers';

/** Replaces the first occurrence of `from` in the document (an unsaved edit, like typing). */
async function replaceText(doc: vscode.TextDocument, from: string, to: string): Promise<vscode.Range> {
  const offset = doc.getText().indexOf(from);
  assert.ok(offset >= 0, `"${from}" not found in ${doc.uri.path}`);
  const range = new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + from.length));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, to);
  assert.ok(await vscode.workspace.applyEdit(edit));
  return new vscode.Range(range.start, doc.positionAt(offset + to.length));
}

describe('diagnostics', () => {
  before(() => activeExtension());
  afterEach(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  it('locates every error of the broken spec', async () => {
    const uri = fixture('broken.nn.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const errors = await diagnosticsWhere(uri, 'errors on broken.nn.json', (ds) => ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    const text = doc.getText();
    const activation = doc.positionAt(text.indexOf('"sigmoidal"') + 1);
    assert.ok(errors.some((d) => d.range.contains(activation)), `no error on "sigmoidal": ${JSON.stringify(errors.map((d) => d.message))}`);
    const shortRow = doc.positionAt(text.indexOf('[0.3]') + 1);
    assert.ok(errors.some((d) => d.range.contains(shortRow)), `no error on the short weight row: ${JSON.stringify(errors.map((d) => d.message))}`);
  });

  it('reports a mistake as it is typed, and clears it when undone', async () => {
    const uri = fixture('tiny.nn.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await diagnosticsWhere(uri, 'no problems on tiny.nn.json', (ds) => ds.length === 0);
    const typed = await replaceText(doc, '"tanh"', '"tanhh"');
    const errors = await diagnosticsWhere(uri, 'an error on the typo', (ds) => ds.some((d) => d.range.intersection(typed) !== undefined));
    assert.strictEqual(errors[0]?.severity, vscode.DiagnosticSeverity.Error);
    await replaceText(doc, '"tanhh"', '"tanh"');
    await diagnosticsWhere(uri, 'the error to clear', (ds) => ds.length === 0);
  });
});
