// Backprop: Export… and Import Model… in the editor: the spec's or the session's trained weights out, a model back in
// as a new spec or as one undoable edit of a spec, bad files refused with the file's problem, and the panel's button.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { readSafetensors } from '../../src/interop';
import type { BackpropApi } from '../../src/extension/testing/api';
import { activeExtension, copySpec, showSpec, waitFor } from './helpers';

const badModels = path.resolve(__dirname, '../../../test/fixtures/interop/bad');

function weightsIn(file: string): number[] {
  return readSafetensors(new Uint8Array(fs.readFileSync(file))).tensors.flatMap((t) => Array.from(t.values));
}

describe('export and import models', () => {
  let api: BackpropApi;
  let dir: string;
  let xor: vscode.Uri;
  before(async () => {
    ({ api } = await activeExtension());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-models-'));
    // Its own copy: other suites leave xor.nn.json with a trained session, and the first export must find none.
    xor = copySpec('xor.nn.json', 'exported-xor.nn.json');
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (api.sessionFor(xor)) await vscode.commands.executeCommand('backprop.stop', xor);
    fs.rmSync(xor.fsPath, { force: true });
  });

  it("exports the spec's weights, then a trained session's", async () => {
    await showSpec('exported-xor.nn.json');
    assert.strictEqual(api.sessionFor(xor), undefined, 'no session yet');
    const before = vscode.Uri.file(path.join(dir, 'before.safetensors'));
    const written = await vscode.commands.executeCommand<vscode.Uri[]>('backprop.export', xor, {
      format: 'safetensors',
      target: before,
    });
    assert.deepStrictEqual(
      written.map((u) => u.fsPath),
      [before.fsPath],
    );
    assert.deepStrictEqual(weightsIn(before.fsPath), [0.5, -0.4, 0.3, 0.8, -0.6, 0.1, 0, 0.1, -0.1, 0.2, -0.3, 0.4, 0]);
    for (let k = 0; k < 3; k++) await vscode.commands.executeCommand('backprop.step', xor);
    await api.whenStatus(xor, 'paused');
    await waitFor(() => ((api.sessionFor(xor)?.view.snapshot?.step ?? 0) >= 3 ? true : undefined), {
      what: 'three steps',
      timeoutMs: 10_000,
    });
    const after = path.join(dir, 'after.py');
    const files = await vscode.commands.executeCommand<vscode.Uri[]>('backprop.export', xor, {
      format: 'pytorch',
      target: vscode.Uri.file(after),
    });
    assert.deepStrictEqual(
      files.map((u) => path.basename(u.fsPath)),
      ['after.py', 'after.safetensors'],
    );
    const trained = weightsIn(path.join(dir, 'after.safetensors'));
    assert.notDeepStrictEqual(trained, weightsIn(before.fsPath), 'the trained weights, not the spec’s');
    assert.ok(trained.every(Number.isFinite));
    await vscode.commands.executeCommand('backprop.stop', xor);
  });

  it("exports the focused panel's spec from the palette, without asking which spec", async () => {
    await showSpec('exported-xor.nn.json');
    await vscode.commands.executeCommand('backprop.showPanel', xor);
    await waitFor(() => api.panelHtml(xor), { what: "the spec's panel", timeoutMs: 10_000 });
    // Closing the spec's editor leaves its panel's group, and so the panel, active: a keyboard user in the panel.
    await vscode.commands.executeCommand('workbench.action.closeEditorsInGroup');
    await waitFor(
      () =>
        vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputWebview ? true : undefined,
      { what: 'the panel active', timeoutMs: 10_000 },
    );
    assert.strictEqual(vscode.window.activeTextEditor, undefined, 'no spec editor to fall back on');
    const target = vscode.Uri.file(path.join(dir, 'from-panel.safetensors'));
    const written = await Promise.race([
      vscode.commands.executeCommand<vscode.Uri[] | undefined>('backprop.export', undefined, {
        format: 'safetensors',
        target,
      }),
      new Promise<'asked'>((resolve) => setTimeout(() => resolve('asked'), 10_000)),
    ]);
    if (written === 'asked') {
      void vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.fail('Export asked which spec instead of taking the panel’s');
    }
    assert.deepStrictEqual(
      written?.map((u) => u.fsPath),
      [target.fsPath],
    );
    assert.strictEqual(weightsIn(target.fsPath).length, 13, "the panel's 2-3-1 network");
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('imports an ONNX model as a new spec, and into a spec as one undoable edit', async () => {
    const onnx = vscode.Uri.file(path.join(dir, 'xor.onnx'));
    await vscode.commands.executeCommand('backprop.reset', xor);
    await vscode.commands.executeCommand('backprop.export', xor, { format: 'onnx', target: onnx });
    const target = vscode.Uri.file(path.join(dir, 'imported.nn.json'));
    await vscode.commands.executeCommand('backprop.importModel', onnx, { target });
    const made = fs.readFileSync(target.fsPath, 'utf8');
    assert.match(made, /"activation": "sigmoid"/);
    assert.match(made, /\[0\.5, -0\.4\]/);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, target.fsPath, 'the new spec is shown');

    // A spec of the same shape whose weights come from its seed: the import writes them out.
    const doc = await showSpec('shape.nn.json');
    const original = doc.getText();
    await vscode.commands.executeCommand('backprop.importModel', onnx, { into: doc.uri });
    assert.ok(doc.getText().includes('"weights": [[0.5, -0.4], [0.3, 0.8], [-0.6, 0.1]]'), doc.getText());
    assert.ok(doc.getText().includes('// Weights drawn from the seed'), 'comments kept');
    await vscode.commands.executeCommand('undo');
    await waitFor(() => (doc.getText() === original ? true : undefined), { what: 'undo', timeoutMs: 5000 });
  });

  it('refuses a bad model with what is wrong and where, writing nothing', async () => {
    const errors = api.errors.length;
    const target = vscode.Uri.file(path.join(dir, 'never.nn.json'));
    await vscode.commands.executeCommand(
      'backprop.importModel',
      vscode.Uri.file(path.join(badModels, 'truncated.onnx')),
      {
        target,
      },
    );
    assert.match(
      api.errors.slice(errors).join('\n'),
      /truncated\.onnx: is truncated or not an ONNX model: graph at byte/,
    );
    assert.ok(!fs.existsSync(target.fsPath));
  });

  it("accepts the panel's Export message", () => {
    const count = api.messageCount;
    api.receiveFromPanel(xor, { type: 'model/export' });
    const logged = api.messagesSince(count);
    assert.ok(
      logged.some((m) => m.direction === 'fromWebview' && (m.message as { type: string }).type === 'model/export'),
      JSON.stringify(logged),
    );
    // The export itself asks for the format: close that quick pick.
    void vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });
});
