// The session lifecycle through commands: train, pause/resume, stop, reset, stale on edit, a crash, panel close.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/testing/api';
import type { ToWebview } from '../../src/protocol';
import { activeExtension, closePanels, fixture, showSpec, waitFor } from './helpers';

describe('session lifecycle', () => {
  let api: BackpropApi;
  const long = fixture('long.nn.json');
  before(async () => ({ api } = await activeExtension()));
  after(async () => {
    await vscode.commands.executeCommand('backprop.stop', long);
    await vscode.window.showTextDocument(long);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('trains with a status bar item showing name, epoch, loss, accuracy and steps/s', async () => {
    await showSpec('long.nn.json');
    await vscode.commands.executeCommand('backprop.train', long);
    await api.whenStatus(long, 'running');
    const info = await waitFor(
      () => {
        const s = api.sessionFor(long);
        return s?.statusBarText?.includes('steps/s') && (s.view.progress?.step ?? 0) > 10 ? s : undefined;
      },
      { what: 'training progress in the status bar', timeoutMs: 10_000 },
    );
    assert.match(
      info.statusBarText!,
      /^\$\(sync~spin\) long · epoch \d+ · loss [\d.e-]+ · accuracy [\d.]+% · [\d,]+ steps\/s$/,
    );
    // Screen readers get the same facts in words, not icon names.
    assert.match(
      info.statusBarLabel!,
      new RegExp(
        String.raw`^Backprop session long: running, epoch \d+, loss [\d.e-]+, training accuracy [\d.]+%, ` +
          String.raw`[\d,]+ steps per second\. Show the training panel\.$`,
      ),
    );
    assert.ok(info.view.history.length > 0, 'the host appends history points');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', long);
    assert.strictEqual(
      lenses.find((l) => l.command?.command.startsWith('backprop.'))?.command?.title,
      '$(debug-pause) Pause',
    );
  });

  // NOTE: how fast a pause lands is a wall time: bench:editor reports it (pause latency), nothing here asserts it.
  it('pauses and resumes', async () => {
    await vscode.commands.executeCommand('backprop.pauseResume', long);
    await api.whenStatus(long, 'paused');
    const stepAtPause = api.sessionFor(long)!.view.progress!.step;
    await new Promise((r) => setTimeout(r, 200));
    assert.strictEqual(api.sessionFor(long)!.view.progress!.step, stepAtPause, 'no steps while paused');
    await vscode.commands.executeCommand('backprop.pauseResume', long);
    await api.whenStatus(long, 'running');
    await waitFor(() => (api.sessionFor(long)!.view.progress!.step > stepAtPause ? true : undefined), {
      what: 'steps after resuming',
      timeoutMs: 5000,
    });
  });

  it('steps once while running (pausing first)', async () => {
    await vscode.commands.executeCommand('backprop.step', long);
    const info = await api.whenStatus(long, 'paused');
    await waitFor(() => api.sessionFor(long)?.view.stepDetail, { what: 'the step view', timeoutMs: 5000 });
    assert.ok(info.view.progress!.step > 0);
  });

  it('marks the session stale when the spec is edited, and reset applies the edit', async () => {
    const editor = await vscode.window.showTextDocument(long);
    const text = editor.document.getText();
    const at = text.indexOf('"units": 8');
    await editor.edit((e) =>
      e.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 10)), '"units": 5'),
    );
    const stale = await waitFor(() => (api.sessionFor(long)?.stale ? api.sessionFor(long) : undefined), {
      what: 'a stale session',
      timeoutMs: 5000,
    });
    assert.match(stale.statusBarText!, /stale/);
    assert.deepStrictEqual(stale.shape, [2, 8, 1], 'a stale session keeps training its old network');
    await vscode.commands.executeCommand('backprop.reset', long);
    const reset = await api.whenStatus(long, 'ready');
    assert.strictEqual(reset.stale, false);
    assert.deepStrictEqual(reset.shape, [2, 5, 1]);
    assert.strictEqual(reset.view.history.length, 0);
  });

  it('stops a run and keeps its weights', async () => {
    await vscode.commands.executeCommand('backprop.train', long);
    await api.whenStatus(long, 'running');
    await waitFor(() => ((api.sessionFor(long)?.view.progress?.step ?? 0) > 5 ? true : undefined), {
      what: 'a few steps',
      timeoutMs: 5000,
    });
    await vscode.commands.executeCommand('backprop.stop', long);
    const stopped = await api.whenStatus(long, 'done');
    assert.match(stopped.view.message!, /^Stopped at step \d+\.$/);
  });

  it('keeps the session when its panel closes, and shows it again on reopen', async () => {
    const opened = api.messageCount;
    await vscode.commands.executeCommand('backprop.showPanel', long);
    await waitFor(
      () =>
        api
          .messagesSince(opened)
          .find((m) => m.spec === long.toString() && m.direction === 'fromWebview' && m.message.type === 'ui/ready'),
      { what: 'the panel to be ready', timeoutMs: 20_000 },
    );
    await closePanels();
    const since = api.messageCount;
    assert.strictEqual(api.sessionFor(long)?.status, 'done');
    await vscode.commands.executeCommand('backprop.showPanel', long);
    const state = await waitFor(
      () =>
        api
          .messagesSince(since)
          .map((m) => m.message)
          .find(
            (m): m is Extract<ToWebview, { type: 'panel/state' }> => (m as { type?: string }).type === 'panel/state',
          ),
      { what: 'the state sent to the reopened panel', timeoutMs: 20_000 },
    );
    assert.strictEqual(state.state.session.status, 'done');
    assert.ok(state.state.session.snapshot, 'the reopened panel gets the latest snapshot');
  });

  it('ends a crashed session with a message while another session keeps training', async () => {
    const tiny = fixture('tiny.nn.json');
    await vscode.commands.executeCommand('backprop.train', long);
    await api.whenStatus(long, 'running');
    await vscode.commands.executeCommand('backprop.step', tiny);
    await api.whenStatus(tiny, 'paused');
    await api.terminateWorker(tiny);
    const crashed = await api.whenStatus(tiny, 'crashed');
    assert.match(crashed.view.message!, /training worker stopped unexpectedly \(exit code 1\)/);
    assert.match(crashed.statusBarText!, /\$\(error\)/);
    const before = api.sessionFor(long)!.view.progress!.step;
    await waitFor(() => (api.sessionFor(long)!.view.progress!.step > before ? true : undefined), {
      what: 'the other session to keep training',
      timeoutMs: 5000,
    });
    // A crashed session restarts on the next command.
    await vscode.commands.executeCommand('backprop.step', tiny);
    await api.whenStatus(tiny, 'paused');
    await vscode.commands.executeCommand('backprop.stop', long);
    await api.whenStatus(long, 'done');
  });

  it('settles a gradient check whose worker dies first, with the crash message', async () => {
    // The spiral's full check takes a few hundred ms in the worker: long enough to kill it meanwhile.
    const spiral = fixture('spiral.nn.json');
    await vscode.commands.executeCommand('backprop.reset', spiral);
    await api.whenStatus(spiral, 'ready');
    const errors = api.errors.length;
    const checking = vscode.commands.executeCommand('backprop.gradientCheck', spiral);
    await waitFor(() => ((api.sessionFor(spiral)?.pendingRequests ?? 0) > 0 ? true : undefined), {
      what: 'the check request',
      timeoutMs: 5000,
      intervalMs: 2,
    });
    await api.terminateWorker(spiral);
    assert.strictEqual(await checking, undefined, 'the command settles without a result');
    assert.match(api.errors.slice(errors).join('\n'), /training worker stopped unexpectedly/);
    assert.strictEqual(api.sessionFor(spiral)?.pendingRequests, 0);
    assert.strictEqual(api.sessionFor(spiral)?.status, 'crashed');
  });
});
