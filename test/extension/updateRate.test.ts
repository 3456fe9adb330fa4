// backprop.updateRate: how many progress messages per second the panel receives, whatever the worker's rate.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/testing/api';
import { activeExtension, closePanels, fixture, waitFor } from './helpers';

/** Progress messages posted to the spec's panel during `ms` of training. */
async function progressPostsDuring(api: BackpropApi, uri: vscode.Uri, ms: number): Promise<number> {
  await vscode.commands.executeCommand('backprop.train', uri);
  await api.whenStatus(uri, 'running');
  // Let the first (unthrottled) message pass before counting.
  await new Promise((r) => setTimeout(r, 300));
  const since = api.messageCount;
  await new Promise((r) => setTimeout(r, ms));
  const count = api
    .messagesSince(since)
    .filter(
      (m) => m.spec === uri.toString() && m.direction === 'toWebview' && m.message.type === 'session/progress',
    ).length;
  await vscode.commands.executeCommand('backprop.pauseResume', uri);
  await api.whenStatus(uri, 'paused');
  return count;
}

describe('update rate setting', () => {
  const uri = fixture('long.nn.json');
  const config = () => vscode.workspace.getConfiguration('backprop');
  after(async () => {
    await config().update('updateRate', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('backprop.stop', uri);
    await closePanels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('limits the progress the panel receives to the setting, and applies a change at once', async () => {
    const { api } = await activeExtension();
    const opened = api.messageCount;
    await vscode.commands.executeCommand('backprop.showPanel', uri);
    await waitFor(
      () =>
        api
          .messagesSince(opened)
          .find((m) => m.spec === uri.toString() && m.direction === 'fromWebview' && m.message.type === 'ui/ready'),
      { what: 'the panel to be ready', timeoutMs: 20_000 },
    );
    await config().update('updateRate', 2, vscode.ConfigurationTarget.Workspace);
    const slow = await progressPostsDuring(api, uri, 2000);
    await config().update('updateRate', 10, vscode.ConfigurationTarget.Workspace);
    const fast = await progressPostsDuring(api, uri, 2000);
    console.log(`      progress messages to the panel in 2 s: ${slow} at 2/s, ${fast} at 10/s`);
    assert.ok(slow >= 2 && slow <= 5, `${slow} progress messages in 2 s at 2/s`);
    assert.ok(fast >= 12 && fast <= 21, `${fast} progress messages in 2 s at 10/s`);
  });
});
