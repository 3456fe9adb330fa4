// The spec language: schema completions, hover documentation, outline, folding and formatting for *.nn.json, and
// problems from Backprop Studio alone even while VS Code's JSON language server checks other files.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, fixture, waitFor } from './helpers';

/** An untitled document in the spec language, with the cursor where `|` is. */
async function specWithCursor(text: string): Promise<{ doc: vscode.TextDocument; position: vscode.Position }> {
  const offset = text.indexOf('|');
  const doc = await vscode.workspace.openTextDocument({ language: 'nn-json', content: text.replace('|', '') });
  return { doc, position: doc.positionAt(offset) };
}

async function completions(text: string): Promise<vscode.CompletionItem[]> {
  const { doc, position } = await specWithCursor(text);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    doc.uri,
    position,
  );
  return list.items;
}

const labelOf = (item: vscode.CompletionItem): string =>
  typeof item.label === 'string' ? item.label : item.label.label;
const markdownOf = (value: string | vscode.MarkdownString | undefined): string =>
  typeof value === 'string' ? value : (value?.value ?? '');

describe('the spec language', () => {
  before(() => activeExtension());
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('completes fields with a snippet for their value, and documents them', async () => {
    const items = await completions('{ "training": { | } }');
    const epochs = items.find((i) => labelOf(i) === 'epochs');
    assert.ok(epochs, `offered: ${items.map(labelOf).join(', ')}`);
    assert.ok(epochs.insertText instanceof vscode.SnippetString, 'a snippet, with a tab stop for the value');
    assert.match(epochs.insertText.value, /^"epochs": \$\{1:100\}/);
    assert.match(markdownOf(epochs.documentation), /Passes over the training data/);
    for (const key of ['batchSize', 'shuffle', 'l2', 'validationSplit', 'precision'])
      assert.ok(
        items.some((i) => labelOf(i) === key),
        key,
      );
  });

  it('completes enum values with their descriptions', async () => {
    const items = await completions('{ "layers": [{ "units": 2, "activation": | }] }');
    const relu = items.find((i) => labelOf(i) === '"relu"');
    assert.ok(relu, `offered: ${items.map(labelOf).join(', ')}`);
    assert.match(markdownOf(relu.documentation), /max\(0, z\)/);
    assert.strictEqual(relu.kind, vscode.CompletionItemKind.Value);
  });

  it("documents a field on hover from the schema, beside Backprop Studio's own hover", async () => {
    const { doc, position } = await specWithCursor('{ "training": { "ep|ochs": 10 } }');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      position,
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Passes over the training data/);
  });

  it('outlines, folds and selects a spec', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('xor.nn.json'));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
    const names = symbols.map((s) => s.name);
    for (const key of ['name', 'input', 'layers', 'loss', 'optimizer', 'training', 'data'])
      assert.ok(names.includes(key), key);
    const layers = symbols.find((s) => s.name === 'layers');
    assert.strictEqual(layers?.children.length, 2, 'one symbol per layer');
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>(
      'vscode.executeFoldingRangeProvider',
      doc.uri,
    );
    const layersLine = doc.positionAt(doc.getText().indexOf('"layers"')).line;
    assert.ok(
      folds.some((f) => f.start === layersLine),
      `a fold starts at "layers" (line ${layersLine + 1})`,
    );
    // Smart selection grows from a weight through its row and matrix to the whole "weights" property.
    const inWeight = doc.positionAt(doc.getText().indexOf('-0.4') + 1);
    const [selection] = await vscode.commands.executeCommand<vscode.SelectionRange[]>(
      'vscode.executeSelectionRangeProvider',
      doc.uri,
      [inWeight],
    );
    const grown: string[] = [];
    for (let s: vscode.SelectionRange | undefined = selection; s; s = s.parent) grown.push(doc.getText(s.range));
    assert.ok(grown.includes('"weights": [[0.5, -0.4], [0.3, 0.8], [-0.6, 0.1]]'), grown.join(' | '));
  });

  it('formats a spec keeping its rows on their lines', async () => {
    const original = '{\n"input":2,\n      "data": { "inputs": [[0, 0], [0, 1]],\n"targets": [[0],   [1]] }\n}\n';
    const messy = await vscode.workspace.openTextDocument({ language: 'nn-json', content: original });
    const lines = messy.lineCount;
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>(
      'vscode.executeFormatDocumentProvider',
      messy.uri,
      { tabSize: 2, insertSpaces: true },
    );
    const edit = new vscode.WorkspaceEdit();
    edit.set(messy.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const formatted = messy.getText();
    assert.match(formatted, /^ {2}"input": 2,$/m, 'indented and spaced');
    assert.strictEqual(messy.lineCount, lines, `no row broken up or joined:\n${formatted}`);
    assert.deepStrictEqual(JSON.parse(formatted), JSON.parse(original));
  });

  it('reports each slip in a spec once, from Backprop Studio alone, while the JSON server checks other files', async function () {
    this.timeout(90_000);
    const spec = fixture('slips.nn.json');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.window.showTextDocument(spec, { preview: false, viewColumn: vscode.ViewColumn.One });
    const ours = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(spec).filter((d) => d.source === 'backprop');
        return found.length > 0 ? found : undefined;
      },
      { what: "Backprop Studio's diagnostics on slips.nn.json", timeoutMs: 10_000 },
    );
    // VS Code's JSON server checks the documents visible in editors: its diagnostics on a plain JSON file shown beside
    // the spec prove it has checked both.
    const plain = fixture('not-a-spec.json');
    await vscode.window.showTextDocument(plain, { preview: false, viewColumn: vscode.ViewColumn.Two });
    const json = await waitFor(
      () => {
        const found = vscode.languages.getDiagnostics(plain);
        return found.length >= 2 ? found : undefined;
      },
      // It may take half a minute to start on a busy machine.
      { what: "the JSON server's diagnostics on not-a-spec.json", timeoutMs: 60_000 },
    );
    assert.ok(json.some((d) => /comma/i.test(d.message)) && json.some((d) => /comment/i.test(d.message)));
    const all = vscode.languages.getDiagnostics(spec);
    assert.deepStrictEqual(
      all.map((d) => `${d.source ?? ''}: ${d.message}`),
      ours.map((d) => `backprop: ${d.message}`),
      'only Backprop Studio reports problems in a spec',
    );
    assert.deepStrictEqual(
      ours.map((d) => d.message.replace(/ .*/, '')),
      ['NaN', 'JSON', 'duplicate'],
      'the NaN, the missing comma and the duplicate key, once each; the comment and trailing commas are fine',
    );
  });
});
