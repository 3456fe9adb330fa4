// The panel's real message traffic: the webview's handshake, state pushes on edit, and refusal of bad messages.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BackpropApi, LoggedMessage } from '../../src/extension/api';
import type { PanelState } from '../../src/protocol';
import { activeExtension, fixture, waitFor } from './helpers';

/** The latest state sent to the spec's panel after message number `since`, once `accept` holds for it. */
function stateSent(api: BackpropApi, spec: vscode.Uri, since: number, what: string, accept: (s: PanelState) => boolean): Promise<PanelState> {
  return waitFor(() => {
    const sent = api.messages.slice(since).filter(
      (m): m is Extract<LoggedMessage, { direction: 'toWebview' }> => m.direction === 'toWebview' && m.spec === spec.toString());
    const last = sent.at(-1)?.message.state;
    return last && accept(last) ? last : undefined;
  }, { what, timeoutMs: 15_000 });
}

describe('panel', () => {
  let api: BackpropApi;
  const spec = fixture('tiny.nn.json');
  before(async () => ({ api } = await activeExtension()));
  after(async () => {
    // Revert the edited spec first: closing a dirty editor would wait on a save prompt.
    await vscode.window.showTextDocument(spec);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens beside the spec, hears the webview say ready, and answers with the full state', async () => {
    const since = api.messages.length;
    await vscode.commands.executeCommand('backprop.openSpec', spec);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), spec.toString());
    await waitFor(() => api.messages.slice(since).find((m) => m.direction === 'fromWebview' && m.message.type === 'ui/ready'),
      { what: 'the webview to post ui/ready', timeoutMs: 20_000 });
    const state = await stateSent(api, spec, since, 'the state of tiny.nn.json', () => true);
    assert.deepStrictEqual(state, {
      name: 'Tiny XOR',
      fileName: 'tiny.nn.json',
      input: 2,
      layers: [{ name: 'hidden', units: 3, activation: 'tanh' }, { name: 'output', units: 1, activation: 'sigmoid' }],
      stale: false,
      problems: { errors: 0, warnings: 0 },
    });
  });

  it('pushes a new state as the spec is edited, and marks it stale while it has errors', async () => {
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const text = editor.document.getText();
    const at = (needle: string) => {
      const offset = text.indexOf(needle);
      return new vscode.Range(editor.document.positionAt(offset), editor.document.positionAt(offset + needle.length));
    };
    let since = api.messages.length;
    await editor.edit((e) => e.replace(at('"units": 3'), '"units": 5'));
    await stateSent(api, spec, since, 'a state with 5 hidden units', (s) => s.layers[0]?.units === 5 && !s.stale);
    since = api.messages.length;
    await editor.edit((e) => e.replace(at('"loss": "binary-cross-entropy"'), '"loss": "hinge"'));
    const stale = await stateSent(api, spec, since, 'a stale state', (s) => s.stale);
    assert.ok(stale.problems.errors > 0);
    assert.strictEqual(stale.layers[0]?.units, 5, 'a stale state keeps the last valid layers');
  });

  it('refuses malformed webview messages without acting on them', async () => {
    const since = api.messages.length;
    for (const raw of [null, 'ui/ready', { type: 'ui/unknown' }, { kind: 'ui/ready' }, 42]) api.receiveFromPanel(spec, raw);
    const logged = api.messages.slice(since);
    assert.deepStrictEqual(logged.map((m) => m.direction), ['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
  });

  it('posts to an open panel only', async () => {
    const state: PanelState = { name: 'x', fileName: 'x.nn.json', layers: [], stale: false, problems: { errors: 0, warnings: 0 } };
    assert.strictEqual(await api.postToPanel(spec, { type: 'spec/state', state }), true);
    assert.strictEqual(await api.postToPanel(fixture('broken.nn.json'), { type: 'spec/state', state }), false);
  });
});
