// Hovering a layer of a spec describes it (through the real hover provider pipeline).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, fixture, waitFor } from './helpers';

/** The markdown of every hover at the first occurrence of `needle` (plus `delta` characters). */
async function hoverText(doc: vscode.TextDocument, needle: string): Promise<string> {
  const position = doc.positionAt(doc.getText().indexOf(needle) + 2);
  return waitFor(async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    return text.includes('units') ? text : undefined;
  }, { what: `a layer hover at ${needle}`, timeoutMs: 10_000 });
}

describe('hover', () => {
  let doc: vscode.TextDocument;
  before(async () => {
    await activeExtension();
    doc = await vscode.workspace.openTextDocument(fixture('tiny.nn.json'));
    await vscode.window.showTextDocument(doc);
  });
  after(() => vscode.commands.executeCommand('workbench.action.closeActiveEditor'));

  it('describes a hidden layer', async () => {
    const text = await hoverText(doc, '"hidden"');
    assert.match(text, /\*\*hidden\*\* \(hidden layer 1 of 2\)/);
    assert.match(text, /3 units · tanh · fan-in 2 · 9 parameters/);
  });

  it('describes the output layer from its activation', async () => {
    const text = await hoverText(doc, '"sigmoid"');
    assert.match(text, /\*\*output\*\* \(output layer of 2\)/);
    assert.match(text, /1 units · sigmoid · fan-in 3 · 4 parameters/);
  });
});
