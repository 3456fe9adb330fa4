// Training as a debug session in VS Code: the `backprop` debug type's adapter running inline, the configuration F5
// gets on a spec without a launch.json, the Debug Training command, and each layer's values inline while paused.
import * as path from 'path';
import * as vscode from 'vscode';
import type * as Adapter from '../../debug/adapter';
import { settings } from '../platform/settings';
import { trustRefusal } from '../platform/trust';
import { followSelectedFrame, type ShowFrame } from './frameFollower';

export const DEBUG_TYPE = 'backprop';

/** The configuration F5 (or Debug Training) uses on a spec without launch.json. */
export function specConfiguration(spec: string): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: `Debug ${path.basename(spec)}`, spec, stopOnEntry: true };
}

/**
 * `showFrame` gets the frame selected in the Call Stack, for the spec's panel; `adapter` loads the adapter's bundle (on
 * the first debug session).
 */
export function registerDebugging(
  workerPath: string,
  showFrame: ShowFrame,
  adapter: () => typeof Adapter,
): vscode.Disposable {
  // NOTE: VS Code 1.100 turns F5 into "open the Run view" while its `debuggersAvailable` context is false. It computes
  // it when an extension host registers its debug types, which can come before the workbench has read the debuggers
  // contribution: the key then stays false for the whole window. It is computed again when a key the contribution's
  // `when` names changes, so activation changes that one (the debugger stays enabled: the clause reads `!key`).
  void vscode.commands.executeCommand('setContext', 'backprop.debugUnavailable', false);
  const factory: vscode.DebugAdapterDescriptorFactory = {
    createDebugAdapterDescriptor: () =>
      new vscode.DebugAdapterInlineImplementation(
        new (adapter().BackpropDebugSession)({
          workerPath,
          maxMemoryMb: settings().workerMaxMemoryMb,
          // The editor's text, unsaved edits included, as Train uses.
          readSpec: async (file) => (await vscode.workspace.openTextDocument(vscode.Uri.file(file))).getText(),
          allowedRoot: (file) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath,
        }),
      ),
  };
  const provider: vscode.DebugConfigurationProvider = {
    provideDebugConfigurations: () => [
      { type: DEBUG_TYPE, request: 'launch', name: 'Debug Training', spec: '${file}', stopOnEntry: true },
    ],
    resolveDebugConfiguration(_folder, config) {
      const refusal = trustRefusal('Debug Training', vscode.workspace.isTrusted);
      if (refusal) {
        void vscode.window.showWarningMessage(refusal);
        return undefined;
      }
      if (config.request) return config;
      // F5 with no launch.json (VS Code passes {} or just the type it guessed from the spec's language).
      const doc = vscode.window.activeTextEditor?.document;
      if (doc?.fileName.endsWith('.nn.json')) return specConfiguration(doc.fileName);
      void vscode.window.showInformationMessage('Open a network spec (*.nn.json) to debug its training.');
      return undefined;
    },
  };
  const inline: vscode.InlineValuesProvider = {
    async provideInlineValues(doc) {
      const session = vscode.debug.activeDebugSession;
      if (session?.type !== DEBUG_TYPE || session.configuration.spec !== doc.fileName) return [];
      const body = (await session.customRequest('backprop/inlineValues')) as {
        inline: { layer: number; text: string; line?: number }[];
      };
      return body.inline.flatMap(({ text, line }) => {
        if (!text || line === undefined) return [];
        const end = doc.lineAt(line - 1).range.end;
        return [new vscode.InlineValueText(new vscode.Range(end, end), text)];
      });
    },
  };
  return vscode.Disposable.from(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, factory),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      { provideDebugConfigurations: () => provider.provideDebugConfigurations?.(undefined) },
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.languages.registerInlineValuesProvider({ language: 'nn-json' }, inline),
    followSelectedFrame(DEBUG_TYPE, showFrame),
    vscode.commands.registerCommand('backprop.debugTraining', async (uri?: vscode.Uri) => {
      const file = uri?.fsPath ?? vscode.window.activeTextEditor?.document.fileName;
      if (!file?.endsWith('.nn.json')) {
        void vscode.window.showInformationMessage('Open a network spec (*.nn.json) to debug its training.');
        return false;
      }
      return vscode.debug.startDebugging(
        vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)),
        specConfiguration(file),
      );
    }),
  );
}
