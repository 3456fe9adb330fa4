// backprop.updateRate: the least time between two progress messages to a session's panel follows the setting at once.
// (The throttle's timing is unit-tested on a fake clock; the rates a busy machine really reaches are bench:editor's.)
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activeExtension, fixture } from './helpers';

describe('update rate setting', () => {
  const uri = fixture('tiny.nn.json');
  const config = () => vscode.workspace.getConfiguration('backprop');
  after(() => config().update('updateRate', undefined, vscode.ConfigurationTarget.Workspace));

  it("sets the panel's progress interval from the setting, and applies a change at once", async () => {
    const { api } = await activeExtension();
    await vscode.commands.executeCommand('backprop.step', uri);
    await api.whenStatus(uri, 'paused');
    await config().update('updateRate', 2, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(api.sessionFor(uri)?.progressIntervalMs, 500);
    await config().update('updateRate', 10, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(api.sessionFor(uri)?.progressIntervalMs, 100);
  });
});
