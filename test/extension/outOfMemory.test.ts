// A worker that runs out of memory ends only its own session, with a message that names the setting.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { activeExtension, fixture } from './helpers';

/** A valid spec with 100k inline rows: parsing it needs far more than a 64 MB worker heap. */
function hugeSpec(rows: number): string {
  const inputs = Array.from({ length: rows }, (_, i) => `[${(i % 7) / 7}, ${(i % 11) / 11}]`).join(',');
  const targets = Array.from({ length: rows }, (_, i) => `[${i % 2}]`).join(',');
  return `{ "name": "Huge", "input": 2, "layers": [{ "name": "out", "units": 1, "activation": "sigmoid" }],
  "loss": "binary-cross-entropy", "data": { "inputs": [${inputs}], "targets": [${targets}] } }\n`;
}

describe('worker out of memory', () => {
  const uri = fixture('huge.nn.json');
  const config = () => vscode.workspace.getConfiguration('backprop');
  after(async () => {
    await config().update('worker.maxMemoryMb', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(uri.fsPath, { force: true });
  });

  it('ends the session with a clear message, and other specs still train', async () => {
    const { api } = await activeExtension();
    fs.writeFileSync(uri.fsPath, hugeSpec(100_000));
    await config().update('worker.maxMemoryMb', 64, vscode.ConfigurationTarget.Workspace);
    const errors = api.errors.length;
    await vscode.commands.executeCommand('backprop.train', uri);
    const info = await api.whenStatus(uri, 'crashed', 30_000);
    assert.match(info.view.message!, /ran out of memory \(limit 64 MB, setting backprop\.worker\.maxMemoryMb\)/);
    assert.match(api.errors.slice(errors).join('\n'), /ran out of memory/);
    const tiny = fixture('tiny.nn.json');
    await vscode.commands.executeCommand('backprop.step', tiny);
    await api.whenStatus(tiny, 'paused');
  });
});
