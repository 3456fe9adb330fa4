// What happens to a session when its spec is trained twice, renamed, deleted, its worker crashes, or the window
// reloads.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/testing/api';
import type { ToWebview } from '../../src/protocol';
import { activeExtension, closePanels, copySpec, fixture, waitFor } from './helpers';

/** Waits until the spec's panel has said ui/ready after message number `since`. */
function panelReady(api: BackpropApi, spec: vscode.Uri, since: number): Promise<unknown> {
  return waitFor(
    () =>
      api
        .messagesSince(since)
        .find((m) => m.spec === spec.toString() && m.direction === 'fromWebview' && m.message.type === 'ui/ready'),
    { what: `the panel of ${spec.path} to be ready`, timeoutMs: 20_000 },
  );
}

/** The latest panel/state sent to the spec's panel after `since`, once `accept` holds. */
function stateSent(
  api: BackpropApi,
  spec: vscode.Uri,
  since: number,
  accept: (m: Extract<ToWebview, { type: 'panel/state' }>) => boolean,
) {
  return waitFor(
    () =>
      api
        .messagesSince(since)
        .map((m) => (m.direction === 'toWebview' && m.spec === spec.toString() ? m.message : undefined))
        .filter((m): m is Extract<ToWebview, { type: 'panel/state' }> => m?.type === 'panel/state')
        .filter(accept)
        .at(-1),
    { what: `a panel state for ${spec.path}`, timeoutMs: 15_000 },
  );
}

const stepOf = (api: BackpropApi, spec: vscode.Uri): number => api.sessionFor(spec)?.view.progress?.step ?? 0;

describe('spec file lifecycle', () => {
  let api: BackpropApi;
  const created: vscode.Uri[] = [];
  before(async () => ({ api } = await activeExtension()));
  after(async () => {
    await closePanels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created) {
      if (api.sessionFor(uri)) await vscode.commands.executeCommand('backprop.stop', uri);
      fs.rmSync(uri.fsPath, { force: true });
    }
  });

  it('runs one worker and one run when Train is pressed twice at once and again while it trains', async () => {
    const spec = copySpec('long.nn.json', 'twice.nn.json');
    created.push(spec);
    api.receiveFromPanel(spec, { type: 'train/run' });
    await Promise.all([
      vscode.commands.executeCommand('backprop.train', spec),
      vscode.commands.executeCommand('backprop.train', spec),
    ]);
    await api.whenStatus(spec, 'running');
    await waitFor(() => (stepOf(api, spec) > 20 ? true : undefined), { what: 'a few steps', timeoutMs: 10_000 });
    const before = stepOf(api, spec);
    const points = api.sessionFor(spec)!.view.history.length;
    await vscode.commands.executeCommand('backprop.train', spec);
    await waitFor(() => (stepOf(api, spec) > before ? true : undefined), { what: 'more steps', timeoutMs: 5000 });
    const info = api.sessionFor(spec)!;
    assert.strictEqual(info.workersStarted, 1, 'a single worker');
    assert.strictEqual(info.status, 'running');
    assert.ok(info.view.history.length >= points, 'the run kept its history (not restarted)');
    await vscode.commands.executeCommand('backprop.stop', spec);
    await api.whenStatus(spec, 'done');
  });

  it('offers Restart after a crash, and Restart brings the session back from the current text', async () => {
    const spec = copySpec('tiny.nn.json', 'restart.nn.json');
    created.push(spec);
    await vscode.commands.executeCommand('backprop.step', spec);
    await api.whenStatus(spec, 'paused');
    const notices = api.notices.length;
    await api.terminateWorker(spec);
    await api.whenStatus(spec, 'crashed');
    const notice = await waitFor(() => api.notices.slice(notices).find((n) => n.message.includes('restart.nn.json')), {
      what: 'the crash notification',
      timeoutMs: 5000,
    });
    assert.match(
      notice.message,
      new RegExp(
        '^restart\\.nn\\.json: The training worker stopped unexpectedly \\(exit code 1\\)\\. ' +
          'Restart to start a new session\\.$',
      ),
    );
    assert.deepStrictEqual(notice.actions, ['Restart']);
    assert.strictEqual(api.notices.length, notices + 1, 'one notification for the crash');
    await notice.choose('Restart');
    const info = await api.whenStatus(spec, 'ready');
    assert.strictEqual(info.workersStarted, 2, 'a new worker');
    assert.strictEqual(info.view.history.length, 0, 'fresh weights from the spec');
    await vscode.commands.executeCommand('backprop.step', spec);
    await api.whenStatus(spec, 'paused');
  });

  it('moves the session, panel and status bar item with a spec renamed while it trains', async () => {
    const from = copySpec('long.nn.json', 'moving.nn.json');
    const to = fixture('moved.nn.json');
    created.push(from, to);
    let since = api.messageCount;
    await vscode.commands.executeCommand('backprop.showPanel', from);
    await panelReady(api, from, since);
    await vscode.commands.executeCommand('backprop.train', from);
    await api.whenStatus(from, 'running');
    since = api.messageCount;
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the rename');
    const info = await waitFor(() => api.sessionFor(to), { what: 'the session under the new name', timeoutMs: 5000 });
    assert.strictEqual(api.sessionFor(from), undefined, 'nothing left under the old name');
    assert.strictEqual(info.workersStarted, 1, 'the same worker keeps training');
    assert.match(info.statusBarText ?? '', / moved · /);
    assert.strictEqual(api.panelHtml(from), undefined);
    assert.ok(api.panelHtml(to)?.html.includes(`data-spec="${to.toString()}"`), 'the page now names the new file');
    const state = await stateSent(api, to, since, (m) => m.state.fileName === 'moved.nn.json');
    assert.strictEqual(state.state.spec?.name, 'Long run');
    const before = stepOf(api, to);
    await waitFor(() => (stepOf(api, to) > before ? true : undefined), {
      what: 'training to go on after the rename',
      timeoutMs: 5000,
    });
    // Panel controls now act on the new name.
    api.receiveFromPanel(to, { type: 'train/pause' });
    await api.whenStatus(to, 'paused');
    await closePanels();
  });

  it('ends the session of a spec deleted while it trains, closing its panel and saying so', async () => {
    const spec = copySpec('long.nn.json', 'doomed.nn.json');
    created.push(spec);
    const since = api.messageCount;
    await vscode.commands.executeCommand('backprop.showPanel', spec);
    await panelReady(api, spec, since);
    await vscode.commands.executeCommand('backprop.train', spec);
    await api.whenStatus(spec, 'running');
    const notices = api.notices.length;
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(spec);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the deletion');
    await waitFor(() => (api.sessionFor(spec) === undefined ? true : undefined), {
      what: 'the session to end',
      timeoutMs: 5000,
    });
    assert.strictEqual(api.panelHtml(spec), undefined, 'its panel closed');
    assert.deepStrictEqual(
      api.notices.slice(notices).map((n) => n.message),
      ['doomed.nn.json was deleted: its training session ended.'],
    );
    assert.deepStrictEqual(
      vscode.languages.getDiagnostics(spec).filter((d) => d.source?.startsWith('backprop')),
      [],
    );
  });

  it('restores a panel after a reload from the spec its webview saved, whatever its title', async () => {
    const spec = copySpec('tiny.nn.json', 'restored.nn.json');
    created.push(spec);
    let since = api.messageCount;
    await vscode.commands.executeCommand('backprop.showPanel', spec);
    await panelReady(api, spec, since);
    // The page names its spec; the webview saves it with its view settings (webview/state/vscodeApi.ts).
    const escaped = spec.toString().replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    assert.ok(api.panelHtml(spec)?.html.includes(`<body data-spec="${escaped}">`), 'the page names its spec');
    await closePanels();
    // What VS Code hands the serializer after a reload: a panel of our view type with the webview's saved state.
    since = api.messageCount;
    const panel = vscode.window.createWebviewPanel(
      'backprop.panel',
      'Backprop: a stale title',
      vscode.ViewColumn.Beside,
      {},
    );
    await api.restorePanel(panel, { edges: 'gradients', spec: spec.toString() });
    await panelReady(api, spec, since);
    const state = await stateSent(api, spec, since, (m) => m.state.spec !== undefined);
    assert.strictEqual(state.state.spec?.name, 'Tiny XOR');
    assert.strictEqual(state.state.session.status, 'none');
    assert.strictEqual(panel.title, 'Backprop: restored.nn.json');
    assert.match(api.panelHtml(spec)?.html ?? '', /Content-Security-Policy/);
    // A panel whose spec is gone, or whose state names none (or no spec), closes instead of showing nothing.
    for (const saved of [{ spec: fixture('gone.nn.json').toString() }, undefined, { spec: 42 }, { spec: 'x.json' }]) {
      const orphan = vscode.window.createWebviewPanel(
        'backprop.panel',
        'Backprop: orphan',
        vscode.ViewColumn.Beside,
        {},
      );
      const disposed = new Promise<void>((resolve) => orphan.onDidDispose(() => resolve()));
      await api.restorePanel(orphan, saved);
      await disposed;
    }
    await closePanels();
  });
});
