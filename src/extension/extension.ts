// Activation: wires spec analysis, diagnostics, hovers, lenses, sessions, panels, status bar and commands; returns the test API.
import * as vscode from 'vscode';
import type { BackpropApi } from './api';
import { registerCodeLenses } from './codeLens';
import { registerCommands } from './commands';
import { publishDiagnostics } from './diagnostics';
import { registerHover } from './hover';
import { MessageLog } from './messageLog';
import { Panels } from './panels';
import { publishResultDiagnostics } from './resultDiagnostics';
import { SessionActions } from './sessionActions';
import { announceSessionEnds, type Notice } from './sessionNotices';
import { Sessions } from './sessions';
import { settings } from './settings';
import { SpecAnalyzer } from './specAnalyzer';
import { StatusBar } from './statusBar';
import { testApi } from './testApi';

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
    registerCodeLenses(sessions),
    registerCommands(panels, actions, onError),
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
