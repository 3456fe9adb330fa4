// The panel's real message traffic: handshake, state pushes, controls routed to the session, reveal, and refusal of bad
// messages.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { BackpropApi, LoggedMessage } from '../../src/extension/testing/api';
import type { PanelState, ToWebview } from '../../src/protocol';
import { activeExtension, closePanels, copySpec, fixture, waitFor } from './helpers';

type Sent = Extract<LoggedMessage, { direction: 'toWebview' }>;

/** Messages sent to the spec's panel after message number `since`. */
function sentTo(api: BackpropApi, spec: vscode.Uri, since: number): ToWebview[] {
  return api
    .messagesSince(since)
    .filter((m): m is Sent => m.direction === 'toWebview' && m.spec === spec.toString())
    .map((m) => m.message);
}

/** The latest state sent to the spec's panel after `since`, once `accept` holds for it. */
function stateSent(
  api: BackpropApi,
  spec: vscode.Uri,
  since: number,
  what: string,
  accept: (s: PanelState) => boolean,
): Promise<PanelState> {
  return waitFor(
    () => {
      const states = sentTo(api, spec, since).filter(
        (m): m is Extract<ToWebview, { type: 'panel/state' }> => m.type === 'panel/state',
      );
      const last = states.at(-1)?.state;
      return last && accept(last) ? last : undefined;
    },
    { what, timeoutMs: 15_000 },
  );
}

describe('panel', () => {
  let api: BackpropApi;
  const spec = fixture('tiny.nn.json');
  before(async () => ({ api } = await activeExtension()));
  after(async () => {
    await closePanels();
    // Revert the edited spec first: closing a dirty editor would wait on a save prompt.
    await vscode.window.showTextDocument(spec);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens beside the spec, hears the webview say ready, and answers with the full state', async () => {
    const since = api.messageCount;
    await vscode.commands.executeCommand('backprop.openSpec', spec);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), spec.toString());
    await waitFor(
      () => api.messagesSince(since).find((m) => m.direction === 'fromWebview' && m.message.type === 'ui/ready'),
      { what: 'the webview to post ui/ready', timeoutMs: 20_000 },
    );
    const state = await stateSent(api, spec, since, 'the state of tiny.nn.json', () => true);
    assert.strictEqual(state.fileName, 'tiny.nn.json');
    assert.strictEqual(state.spec?.name, 'Tiny XOR');
    assert.deepStrictEqual(state.spec?.layers, [
      { name: 'hidden', units: 3, activation: 'tanh' },
      { name: 'output', units: 1, activation: 'sigmoid' },
    ]);
    assert.strictEqual(state.spec?.paramCount, 13);
    assert.deepStrictEqual(state.problems, { errors: 0, warnings: 0 });
    assert.strictEqual(state.stale, false);
    assert.ok(state.settings && state.settings.edgeLimit > 0, 'the graph edge limit setting');
  });

  it('routes step, learning rate, gradient check and reset from the panel to the session and streams the results', async () => {
    const since = api.messageCount;
    api.receiveFromPanel(spec, { type: 'train/step' });
    await api.whenStatus(spec, 'paused');
    await waitFor(
      () => {
        const types = new Set(sentTo(api, spec, since).map((m) => m.type));
        return ['session/progress', 'session/snapshot', 'session/stepDetail', 'session/boundary'].every((t) =>
          types.has(t as ToWebview['type']),
        )
          ? true
          : undefined;
      },
      { what: 'progress, snapshot, step view and boundary streamed to the panel', timeoutMs: 10_000 },
    );
    const progress = sentTo(api, spec, since).find(
      (m): m is Extract<ToWebview, { type: 'session/progress' }> => m.type === 'session/progress',
    )!;
    const last = progress.points[progress.points.length - 1];
    assert.strictEqual(last.step, progress.progress.step);
    assert.strictEqual(last.gradNorms.length, 2);
    // The panel asks for one weight's exact numbers (it holds large layers only as pictures); the host answers from its
    // snapshot.
    const snapshot = sentTo(api, spec, since)
      .filter((m): m is Extract<ToWebview, { type: 'session/snapshot' }> => m.type === 'session/snapshot')
      .at(-1)!.snapshot;
    const hidden = snapshot.layers[0];
    assert.strictEqual(hidden.kind, 'exact');
    api.receiveFromPanel(spec, { type: 'param/inspect', ref: { layer: 0, kind: 'weight', row: 2, col: 1 } });
    const answer = await waitFor(
      () =>
        sentTo(api, spec, since).find(
          (m): m is Extract<ToWebview, { type: 'session/param' }> => m.type === 'session/param',
        ),
      { what: 'the answer to param/inspect', timeoutMs: 5000 },
    );
    // W of layer 0 is [3, 2]: W[2][1] is cell 5 of its exact picture.
    assert.deepStrictEqual(answer.value, {
      ref: { layer: 0, kind: 'weight', row: 2, col: 1 },
      step: snapshot.step,
      value: hidden.weights[5],
      grad: hidden.weightGrads[5],
      update: hidden.kind === 'exact' ? hidden.weightUpdates[5] : NaN,
    });
    api.receiveFromPanel(spec, { type: 'train/setLearningRate', value: 0.25 });
    await stateSent(api, spec, since, 'the new learning rate in the state', (s) => s.session.learningRate === 0.25);
    api.receiveFromPanel(spec, { type: 'check/run' });
    const check = await waitFor(
      () =>
        sentTo(api, spec, since).find(
          (m): m is Extract<ToWebview, { type: 'session/check' }> => m.type === 'session/check',
        ),
      { what: 'the gradient check result', timeoutMs: 10_000 },
    );
    assert.strictEqual(check.result.total, 13);
    await stateSent(api, spec, since, 'the check in the state', (s) => s.session.gradCheck !== undefined);
    api.receiveFromPanel(spec, { type: 'train/reset' });
    await stateSent(
      api,
      spec,
      since,
      'a reset session',
      (s) => s.session.status === 'ready' && s.session.history.length === 0 && !s.session.gradCheck,
    );
  });

  it('reveals and selects a weight in the spec, or its layer when the weight is not written out', async () => {
    api.receiveFromPanel(spec, { type: 'spec/reveal', ref: { layer: 0, kind: 'weight', row: 1, col: 0 } });
    const selected = await waitFor(
      () => {
        const e = vscode.window.activeTextEditor;
        return e?.document.uri.toString() === spec.toString() && !e.selection.isEmpty
          ? e.document.getText(e.selection)
          : undefined;
      },
      { what: 'a selection in the spec', timeoutMs: 5000 },
    );
    assert.strictEqual(selected, '{ "name": "hidden", "units": 3, "activation": "tanh" }');
  });

  it('pushes a new state as the spec is edited, with problems while it has errors', async () => {
    const editor = await vscode.window.showTextDocument(spec);
    const text = editor.document.getText();
    const at = (needle: string) => {
      const offset = text.indexOf(needle);
      return new vscode.Range(editor.document.positionAt(offset), editor.document.positionAt(offset + needle.length));
    };
    let since = api.messageCount;
    await editor.edit((e) => e.replace(at('"units": 3'), '"units": 5'));
    await stateSent(
      api,
      spec,
      since,
      'a state with 5 hidden units, marked stale',
      (s) => s.spec?.layers[0]?.units === 5 && s.stale,
    );
    since = api.messageCount;
    await editor.edit((e) => e.replace(at('"loss": "binary-cross-entropy"'), '"loss": "hinge"'));
    const broken = await stateSent(api, spec, since, 'a state with errors', (s) => s.specHasErrors);
    assert.ok(broken.problems.errors > 0);
    assert.strictEqual(broken.spec?.layers[0]?.units, 5, 'a broken spec keeps the last valid layers');
  });

  it('refuses malformed webview messages without acting on them', () => {
    const since = api.messageCount;
    const bad = [
      null,
      'ui/ready',
      { type: 'ui/unknown' },
      { kind: 'ui/ready' },
      42,
      { type: 'train/setLearningRate', value: -1 },
      { type: 'train/setLearningRate', value: Infinity },
      { type: 'spec/reveal', ref: { layer: 9, kind: 'bias', row: 0 } },
      { type: 'spec/reveal', ref: { layer: 0, kind: 'weight', row: 0, col: 1.5 } },
      { type: 'param/inspect', ref: { layer: 0, kind: 'weight', row: 3, col: 0 } },
      { type: 'param/inspect' },
    ];
    for (const raw of bad) api.receiveFromPanel(spec, raw);
    assert.deepStrictEqual(
      api.messagesSince(since).map((m) => m.direction),
      bad.map(() => 'rejected'),
    );
  });

  it('posts to an open panel only', async () => {
    const state: PanelState = {
      fileName: 'x.nn.json',
      problems: { errors: 0, warnings: 0 },
      specHasErrors: false,
      stale: false,
      session: { status: 'none', history: [] },
    };
    assert.strictEqual(await api.postToPanel(spec, { type: 'panel/state', state }), true);
    assert.strictEqual(await api.postToPanel(fixture('broken.nn.json'), { type: 'panel/state', state }), false);
  });
});

describe('hidden panel', () => {
  let api: BackpropApi;
  // Its own copy of a long run: the panel suite above edits tiny.nn.json.
  const spec = copySpec('long.nn.json', 'hidden-panel.nn.json');
  before(async () => ({ api } = await activeExtension()));
  after(async () => {
    await vscode.commands.executeCommand('backprop.stop', spec);
    await closePanels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(spec.fsPath, { force: true });
  });

  it('streams nothing to a hidden panel, and sends the whole state when it shows again', async () => {
    const panel = (): vscode.Tab | undefined =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.label.includes('hidden-panel.nn.json'));
    await vscode.commands.executeCommand('backprop.showPanel', spec);
    await waitFor(() => panel()?.isActive || undefined, { what: 'the panel to show', timeoutMs: 10_000 });
    await vscode.commands.executeCommand('backprop.train', spec);
    await api.whenStatus(spec, 'running');
    // Another editor in front of the panel, in the panel's own group, hides it.
    await vscode.window.showTextDocument(fixture('xor.nn.json'), {
      viewColumn: panel()!.group.viewColumn,
      preview: false,
    });
    await waitFor(() => (panel()?.isActive ? undefined : true), { what: 'the panel to hide', timeoutMs: 10_000 });
    const hidden = api.messageCount;
    const stepHidden = api.sessionFor(spec)?.view.progress?.step ?? 0;
    await waitFor(() => ((api.sessionFor(spec)?.view.progress?.step ?? 0) > stepHidden ? true : undefined), {
      what: 'training to make progress',
      timeoutMs: 15_000,
    });
    await new Promise((r) => setTimeout(r, 500));
    const whileHidden = sentTo(api, spec, hidden).filter((m) => m.type.startsWith('session/'));
    assert.deepStrictEqual(whileHidden, [], 'session updates sent to the hidden panel');
    const shown = api.messageCount;
    await vscode.commands.executeCommand('backprop.showPanel', spec);
    const state = await stateSent(api, spec, shown, 'the state once shown', (s) => s.session.history.length > 0);
    assert.ok(state.session.progress && state.session.progress.step > stepHidden, 'the progress made while hidden');
    await waitFor(() => (sentTo(api, spec, shown).some((m) => m.type === 'session/progress') ? true : undefined), {
      what: 'progress to stream again',
      timeoutMs: 15_000,
    });
  });
});
