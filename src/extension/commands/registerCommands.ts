// Every "Backprop" command: open, create, show the panel, and the session controls (which ask for a spec when none is
// active).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { showFailure } from '../platform/failures';
import type { Probe } from '../testing/probe';
import type { Panels } from '../panel/panels';
import { pickSpec, targetSpec } from './pickSpec';
import type { SessionActions } from '../sessions/actions';
import { settings } from '../platform/settings';
import { TEMPLATES } from './templates';

/** Opens the spec in the active column and its panel beside it. */
async function openSpec(panels: Panels, arg: unknown): Promise<void> {
  const target = arg instanceof vscode.Uri ? arg : await pickSpec('Open Network Spec');
  if (!target) return;
  const editor = await vscode.window.showTextDocument(target, { preview: false });
  panels.show(editor.document.uri, vscode.ViewColumn.Beside);
}

/** A new untitled spec from a template, named to save into the first workspace folder; returns its URI. */
async function newSpec(label: unknown): Promise<vscode.Uri | undefined> {
  const template =
    typeof label === 'string'
      ? TEMPLATES.find((t) => t.label === label)
      : await vscode.window.showQuickPick(TEMPLATES, {
          title: 'New Network Spec',
          placeHolder: 'Start from a template',
        });
  if (!template) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  // Neither an open document nor a file on disk may have the name: saving must not overwrite anything.
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.fsPath));
  const taken = (p: string): boolean => open.has(p) || fs.existsSync(p);
  let name = template.fileName;
  for (let n = 2; taken(path.join(folder, name)); n++) name = template.fileName.replace('.nn.json', `-${n}.nn.json`);
  const uri = vscode.Uri.file(path.join(folder, name)).with({ scheme: 'untitled' });
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  await editor.edit((e) => e.insert(new vscode.Position(0, 0), template.text));
  return uri;
}

/** Registers every command; each failure is shown (and kept by the probe in test mode). */
export function registerCommands(panels: Panels, actions: SessionActions, probe: Probe | undefined): vscode.Disposable {
  /** A session command: finds its spec, runs, and shows a failure as an error message instead of throwing. */
  const onSpec =
    <T>(title: string, act: (uri: vscode.Uri) => T | Promise<T>) =>
    async (arg?: unknown): Promise<T | undefined> => {
      const uri = await targetSpec(arg, title, panels.activeSpec());
      if (!uri) return undefined;
      try {
        return await act(uri);
      } catch (err) {
        showFailure(err, `running ${title}`, probe);
        return undefined;
      }
    };
  // The first Train of a spec shows its panel, so a Train from the palette shows the loss fall; later ones leave the
  // panel as the user left it (closed, or behind another tab).
  const revealed = new Set<string>();
  const train = async (uri: vscode.Uri): Promise<void> => {
    await actions.train(uri);
    if (revealed.has(uri.toString()) || !settings().revealPanelOnTrain) return;
    revealed.add(uri.toString());
    panels.reveal(uri);
  };
  const gradientCheck = async (uri: vscode.Uri) => {
    const result = await actions.check(uri);
    const summary =
      `Gradient check: ${result.verdict} (overall relative error ${result.overallError.toExponential(2)}, ` +
      `${result.checked} of ${result.total} parameters, ${result.mismatches} mismatches)`;
    void (result.mismatches > 0
      ? vscode.window.showWarningMessage(summary)
      : vscode.window.showInformationMessage(summary));
    return result;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('backprop.openSpec', (uri?: unknown) => openSpec(panels, uri)),
    vscode.commands.registerCommand('backprop.newSpec', (label?: unknown) => newSpec(label)),
    vscode.commands.registerCommand(
      'backprop.showPanel',
      onSpec('Show Panel', (uri) => void panels.show(uri, vscode.ViewColumn.Beside)),
    ),
    vscode.commands.registerCommand('backprop.train', onSpec('Train', train)),
    vscode.commands.registerCommand(
      'backprop.step',
      onSpec('Step', async (uri) => void (await actions.step(uri))),
    ),
    vscode.commands.registerCommand('backprop.gradientCheck', onSpec('Gradient Check', gradientCheck)),
    vscode.commands.registerCommand(
      'backprop.pauseResume',
      onSpec('Pause/Resume', (uri) => actions.pauseResume(uri)),
    ),
    vscode.commands.registerCommand(
      'backprop.stop',
      onSpec('Stop', (uri) => actions.stop(uri)),
    ),
    vscode.commands.registerCommand(
      'backprop.reset',
      onSpec('Reset Weights', async (uri) => void (await actions.reset(uri))),
    ),
    vscode.commands.registerCommand(
      'backprop.writeWeights',
      onSpec('Write Weights to Spec', (uri) => actions.writeWeights(uri)),
    ),
  );
}
