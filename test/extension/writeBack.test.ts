// Write Weights to Spec: one undoable edit of minimal changes, and its refusals.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/testing/api';
import { activeExtension, fixture, showSpec, waitFor } from './helpers';

describe('write trained weights', () => {
  let api: BackpropApi;
  const uri = fixture('write.nn.json');
  before(async () => ({ api } = await activeExtension()));
  after(async () => {
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('writes rounded weights keeping comments, and one undo restores the file', async () => {
    const doc = await showSpec('write.nn.json');
    const original = doc.getText();
    for (let k = 0; k < 3; k++) await vscode.commands.executeCommand('backprop.step', uri);
    await api.whenStatus(uri, 'paused');
    await waitFor(() => ((api.sessionFor(uri)?.view.snapshot?.step ?? 0) >= 3 ? true : undefined), {
      what: 'three steps',
      timeoutMs: 10_000,
    });
    await vscode.commands.executeCommand('backprop.writeWeights', uri);
    const written = doc.getText();
    assert.notStrictEqual(written, original);
    assert.ok(written.includes('// row j = the weights into hidden unit j'), 'comments kept');
    // backprop.writeBack.digits defaults to 6 significant digits.
    const numbers = [...written.matchAll(/-?\d+(\.\d+)?(e[-+]?\d+)?/g)].map((m) => m[0]);
    assert.ok(
      numbers.every((n) => String(Number(Number(n).toPrecision(6))) === n),
      `digits: ${numbers.join(' ')}`,
    );
    assert.strictEqual(api.sessionFor(uri)?.stale, false, 'writing its own weights does not make the session stale');
    await vscode.commands.executeCommand('undo');
    await waitFor(() => (doc.getText() === original ? true : undefined), {
      what: 'undo to restore the file',
      timeoutMs: 5000,
    });
  });

  it('refuses when the spec changed shape since training began', async () => {
    const shape = fixture('shape.nn.json');
    await vscode.commands.executeCommand('backprop.step', shape);
    await api.whenStatus(shape, 'paused');
    const editor = await vscode.window.showTextDocument(shape);
    const text = editor.document.getText();
    const at = text.indexOf('"units": 3');
    await editor.edit((e) =>
      e.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 10)), '"units": 4'),
    );
    const before = editor.document.getText();
    const errors = api.errors.length;
    await vscode.commands.executeCommand('backprop.writeWeights', shape);
    assert.match(api.errors.slice(errors).join('\n'), /layer sizes changed since training began \(2-3-1 → 2-4-1\)/);
    assert.strictEqual(editor.document.getText(), before, 'nothing written');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
