// Activation: wires spec analysis, diagnostics, hovers, the schema's editing help, lenses, sessions, panels, status bar
// and commands; returns the test API.
import * as vscode from 'vscode';
import type { BackpropApi } from './testing/api';
import { registerCodeLenses } from './editor/codeLens';
import { registerCommands } from './commands/registerCommands';
import { registerModelCommands } from './commands/modelCommands';
import { publishDiagnostics } from './editor/specDiagnostics';
import { registerHover } from './editor/hover';
import { registerSchemaFeatures } from './language/schemaFeatures';
import { MessageLog } from './testing/messageLog';
import { Panels } from './panel/panels';
import { publishResultDiagnostics } from './editor/resultDiagnostics';
import { SessionActions } from './sessions/actions';
import { announceSessionEnds, type Notice } from './sessions/notices';
import { Sessions } from './sessions/registry';
import { settings } from './platform/settings';
import { SpecAnalyzer } from './editor/specAnalyzer';
import { StatusBar } from './editor/statusBar';
import { testApi } from './testing/testApi';

/** Quiet time after the last keystroke before a spec is re-checked. */
const TYPING_DEBOUNCE_MS = 250;

export function activate(context: vscode.ExtensionContext): BackpropApi {
  const started = performance.now();
  const workerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath;
  const analyzer = new SpecAnalyzer(TYPING_DEBOUNCE_MS);
  const log = new MessageLog();
  const errors: string[] = [];
  const onError = (message: string): void => void errors.push(message);
  const notices: Notice[] = [];
  const hoverMs: number[] = [];
  // The memory cap applies to workers started after a settings change; the update rate applies at once.
  const sessions = new Sessions(analyzer, () => ({
    workerPath,
    maxMemoryMb: settings().workerMaxMemoryMb,
    updateRate: () => settings().updateRate,
  }));
  const actions = new SessionActions(sessions, analyzer);
  const panels = new Panels(context.extensionUri, analyzer, sessions, actions, log, onError, context.workspaceState);
  const statusBar = new StatusBar(sessions);
  context.subscriptions.push(
    publishDiagnostics(analyzer),
    announceSessionEnds(sessions, (notice) => {
      notices.push(notice);
      onError(notice.message);
    }),
    publishResultDiagnostics(sessions),
    registerHover(analyzer, sessions, hoverMs),
    registerSchemaFeatures(context.extensionUri),
    registerCodeLenses(sessions),
    registerCommands(panels, actions, onError),
    registerModelCommands(sessions, analyzer, (context.extension.packageJSON as { version: string }).version, onError),
    statusBar,
    panels,
    sessions,
    analyzer,
    log,
  );
  analyzer.analyzeOpenDocuments();
  return testApi(log, errors, notices, panels, sessions, statusBar, performance.now() - started, hoverMs);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
