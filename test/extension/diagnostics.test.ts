// Spec problems become diagnostics on open and while typing, and disappear once fixed.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, diagnosticsWhere, fixture, resultDiagnosticsWhere } from './helpers';

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
    const errors = await diagnosticsWhere(uri, 'errors on broken.nn.json', (ds) =>
      ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error),
    );
    const text = doc.getText();
    const activation = doc.positionAt(text.indexOf('"sigmoidal"') + 1);
    assert.ok(
      errors.some((d) => d.range.contains(activation)),
      `no error on "sigmoidal": ${JSON.stringify(errors.map((d) => d.message))}`,
    );
    const shortRow = doc.positionAt(text.indexOf('[0.3]') + 1);
    assert.ok(
      errors.some((d) => d.range.contains(shortRow)),
      `no error on the short weight row: ${JSON.stringify(errors.map((d) => d.message))}`,
    );
  });

  it('reports a mistake as it is typed, and clears it when undone', async () => {
    const uri = fixture('tiny.nn.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await diagnosticsWhere(uri, 'no problems on tiny.nn.json', (ds) => ds.length === 0);
    const typed = await replaceText(doc, '"tanh"', '"tanhh"');
    const errors = await diagnosticsWhere(uri, 'an error on the typo', (ds) =>
      ds.some((d) => d.range.intersection(typed) !== undefined),
    );
    assert.strictEqual(errors[0]?.severity, vscode.DiagnosticSeverity.Error);
    await replaceText(doc, '"tanhh"', '"tanh"');
    await diagnosticsWhere(uri, 'the error to clear', (ds) => ds.length === 0);
  });

  it('a target the loss cannot take is an error at that value, and a Keras loss name is one error naming the fix', async () => {
    const uri = fixture('tiny.nn.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await diagnosticsWhere(uri, 'no problems on tiny.nn.json', (ds) => ds.length === 0);
    const typed = await replaceText(doc, '[[0], [1], [1], [0]]', '[[0], [1], [-1], [0]]');
    const minusOne = doc.positionAt(doc.offsetAt(typed.start) + '[[0], [1], ['.length);
    const errors = await diagnosticsWhere(uri, 'an error on the -1 target', (ds) =>
      ds.some((d) => d.range.contains(minusOne)),
    );
    const target = errors.find((d) => d.range.contains(minusOne))!;
    assert.strictEqual(target.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(doc.getText(target.range), '-1');
    assert.match(target.message, /binary-cross-entropy needs targets in \[0, 1\]; found -1 \(labels of ±1\? map them/);
    await replaceText(doc, '[-1]', '[1]');
    await diagnosticsWhere(uri, 'the target error to clear', (ds) => ds.length === 0);
    await replaceText(doc, '"binary-cross-entropy"', '"binary_crossentropy"');
    const [loss] = await diagnosticsWhere(
      uri,
      'one error, on the loss name',
      (ds) => ds.length === 1 && ds[0].message.includes('binary_crossentropy'),
    );
    assert.strictEqual(doc.getText(loss.range), '"binary_crossentropy"');
    assert.match(loss.message, /did you mean "binary-cross-entropy"\?/);
    await replaceText(doc, '"binary_crossentropy"', '"binary-cross-entropy"');
    await diagnosticsWhere(uri, 'the loss error to clear', (ds) => ds.length === 0);
  });

  it('a good gradient check leaves no warnings; a diverging run puts an error on the layer where it began', async () => {
    const { api } = await activeExtension();
    const xor = fixture('xor.nn.json');
    const check = await vscode.commands.executeCommand<{ verdict: string; mismatches: number }>(
      'backprop.gradientCheck',
      xor,
    );
    assert.ok(check && check.mismatches === 0, `verdict ${check?.verdict}`);
    assert.deepStrictEqual(
      vscode.languages.getDiagnostics(xor).filter((d) => d.source === 'backprop training'),
      [],
    );

    const uri = fixture('diverge.nn.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('backprop.train', uri);
    const diverged = await api.whenStatus(uri, 'diverged');
    assert.match(diverged.view.message!, /non-finite/);
    const [error] = await resultDiagnosticsWhere(uri, 'the divergence error', (ds) => ds.length === 1);
    assert.strictEqual(error.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(doc.getText(error.range).includes('"name": "output"'), `error on ${doc.getText(error.range)}`);
    assert.deepStrictEqual(
      vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'backprop'),
      [],
      'spec problems are kept apart',
    );

    // Reset clears training results.
    await vscode.commands.executeCommand('backprop.reset', uri);
    await resultDiagnosticsWhere(uri, 'the divergence error to clear on reset', (ds) => ds.length === 0);
  });

  it('puts gradient-check mismatches on the exact weights, drops one when its text changes, and clears all on reset', async () => {
    const { api } = await activeExtension();
    const uri = fixture('write.nn.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    // A huge central-difference step makes the numerical gradients disagree with backprop everywhere.
    const config = vscode.workspace.getConfiguration('backprop');
    await config.update('gradientCheck.epsilon', 0.1, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('backprop.gradientCheck', uri);
    } finally {
      await config.update('gradientCheck.epsilon', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const warnings = await resultDiagnosticsWhere(uri, 'a warning per weight (13)', (ds) => ds.length === 13);
    assert.ok(warnings.every((d) => d.severity === vscode.DiagnosticSeverity.Warning));
    const onW11 = warnings.find((d) => d.message.includes('hidden.weights[1][1]'));
    assert.strictEqual(onW11 && doc.getText(onW11.range), '0.8');
    assert.strictEqual(api.sessionFor(uri)?.view.gradCheck?.eps, 0.1);

    await editor.edit((e) => e.replace(onW11!.range, '0.81'));
    await resultDiagnosticsWhere(
      uri,
      "the edited weight's warning to go",
      (ds) => ds.length === 12 && !ds.some((d) => d.message.includes('hidden.weights[1][1]')),
    );
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('backprop.reset', uri);
    await resultDiagnosticsWhere(uri, 'every check warning to clear on reset', (ds) => ds.length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
