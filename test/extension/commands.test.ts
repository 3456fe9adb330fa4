// Commands, their manifest entries, code lenses and the walkthrough; each session command's behaviour has its own test
// file.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/testing/api';
import { activeExtension, closePanels, fixture, showSpec, waitFor } from './helpers';

const COMMANDS = [
  'backprop.openSpec',
  'backprop.newSpec',
  'backprop.showPanel',
  'backprop.train',
  'backprop.step',
  'backprop.debugTraining',
  'backprop.gradientCheck',
  'backprop.pauseResume',
  'backprop.stop',
  'backprop.reset',
  'backprop.writeWeights',
  'backprop.export',
  'backprop.importModel',
];

describe('commands', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers every command under the "Backprop" category with editor title buttons for specs', async () => {
    const { extension } = await activeExtension();
    const registered = await vscode.commands.getCommands(true);
    const manifest = extension.packageJSON.contributes;
    for (const id of COMMANDS) {
      assert.ok(registered.includes(id), `${id} is not registered`);
      const entry = manifest.commands.find((c: { command: string }) => c.command === id);
      assert.strictEqual(entry?.category, 'Backprop', `${id}'s category`);
    }
    const title = manifest.menus['editor/title'] as { command: string; when: string }[];
    for (const id of ['backprop.train', 'backprop.step', 'backprop.gradientCheck', 'backprop.showPanel']) {
      assert.ok(
        title.some((m) => m.command === id && m.when.includes('resourceFilename =~ /\\.nn\\.json$/')),
        `${id} in the editor title`,
      );
    }
    assert.ok(manifest.walkthroughs[0].steps.length >= 3, 'a Getting Started walkthrough');
    for (const key of [
      'updateRate',
      'gradientCheck.epsilon',
      'writeBack.digits',
      'graph.edgeLimit',
      'worker.maxMemoryMb',
    ]) {
      assert.ok(vscode.workspace.getConfiguration('backprop').has(key), `setting backprop.${key}`);
    }
  });

  it('activates on the spec language and its own commands and panel, never on every JSON file', async () => {
    const { extension } = await activeExtension();
    const manifest = extension.packageJSON;
    // The debug type's: F5 with a launch.json naming `backprop`, and its dynamic configurations in Run and Debug.
    assert.deepStrictEqual(manifest.activationEvents, [
      'onLanguage:nn-json',
      'onWebviewPanel:backprop.panel',
      'onDebugResolve:backprop',
      'onDebugDynamicConfigurations:backprop',
    ]);
    const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'nn-json');
    assert.deepStrictEqual(language?.extensions, ['.nn.json']);
    const doc = await vscode.workspace.openTextDocument(fixture('tiny.nn.json'));
    assert.strictEqual(doc.languageId, 'nn-json');
  });

  it('puts Train · Step · Debug · Gradient check · Panel lenses at the top of a spec', async () => {
    // Run first (a grep), the spec's opening is what activates the extension: its lens provider must be there.
    await activeExtension();
    const doc = await showSpec('tiny.nn.json');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const ours = lenses.filter((l) => l.command?.command.startsWith('backprop.'));
    assert.deepStrictEqual(
      ours.map((l) => l.command?.command),
      ['backprop.train', 'backprop.step', 'backprop.debugTraining', 'backprop.gradientCheck', 'backprop.showPanel'],
    );
    assert.ok(ours.every((l) => l.range.start.line === 0 && String(l.command?.arguments?.[0]) === doc.uri.toString()));
  });

  it('acts on the active spec editor when called without a spec', async () => {
    const { api } = await activeExtension();
    await showSpec('shape.nn.json');
    await vscode.commands.executeCommand('backprop.gradientCheck');
    const info = api.sessionFor(fixture('shape.nn.json'));
    assert.ok(info?.view.gradCheck, 'the active spec was checked');
  });

  it('creates a new spec from a template as an untitled document that parses', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('backprop.newSpec', 'XOR');
    assert.ok(uri && uri.scheme === 'untitled' && uri.path.endsWith('.nn.json'), String(uri));
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.match(doc?.getText() ?? '', /"name": "XOR"/);
    assert.strictEqual(doc?.languageId, 'nn-json', 'the new spec is in the spec language before it is saved');
    const { api } = await activeExtension();
    await vscode.commands.executeCommand('backprop.step', uri);
    await api.whenStatus(uri, 'paused');
  });

  it('refuses to train a spec with errors, saying why and leaving no session', async () => {
    const { api } = await activeExtension();
    const broken = fixture('broken.nn.json');
    const errors = api.errors.length;
    await vscode.commands.executeCommand('backprop.train', broken);
    assert.match(
      api.errors.slice(errors).join('\n'),
      /broken\.nn\.json has errors; fix them \(see Problems\) before training/,
    );
    assert.strictEqual(api.sessionFor(broken), undefined);
  });

  describe('the first Train of a spec', () => {
    /** The column of the spec's panel tab, if it has one. */
    const panelColumn = (api: BackpropApi, spec: vscode.Uri): vscode.ViewColumn | undefined => {
      if (!api.panelHtml(spec)) return undefined;
      const group = vscode.window.tabGroups.all.find((g) =>
        g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('backprop.panel')),
      );
      return group?.viewColumn;
    };
    /** The fixture workspace turns the reveal off for the other tests that train; these set it themselves. */
    const reveal = (on: boolean) =>
      vscode.workspace
        .getConfiguration('backprop')
        .update('train.revealPanel', on, vscode.ConfigurationTarget.Workspace);
    afterEach(async () => {
      await reveal(false);
      await closePanels();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('reveals its panel beside the editor, keeping the focus there; later Trains leave the panel closed', async () => {
      const { api } = await activeExtension();
      await reveal(true);
      await closePanels();
      const doc = await showSpec('first-train.nn.json');
      await vscode.commands.executeCommand('backprop.train');
      const column = await waitFor(() => panelColumn(api, doc.uri), { what: "the spec's panel", timeoutMs: 10_000 });
      assert.notStrictEqual(column, vscode.window.activeTextEditor?.viewColumn, 'the panel is beside the spec');
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
      await api.whenStatus(doc.uri, 'done');
      await closePanels();
      await vscode.commands.executeCommand('backprop.train');
      assert.strictEqual(api.panelHtml(doc.uri), undefined, 'a second Train reopened the closed panel');
      await api.whenStatus(doc.uri, 'done');
    });

    it('opens no panel when backprop.train.revealPanel is off', async () => {
      const { api } = await activeExtension();
      await reveal(false);
      const doc = await showSpec('shape.nn.json');
      await vscode.commands.executeCommand('backprop.train');
      assert.strictEqual(api.panelHtml(doc.uri), undefined);
      await api.whenStatus(doc.uri, 'done');
    });
  });
});
