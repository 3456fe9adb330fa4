// Activation: wires spec analysis, diagnostics, hovers, panels and commands, and returns the test API.
import * as vscode from 'vscode';
import type { BackpropApi } from './api';
import { registerCommands } from './commands';
import { publishDiagnostics } from './diagnostics';
import { registerHover } from './hover';
import { MessageLog } from './messageLog';
import { Panels } from './panels';
import { SpecAnalyzer } from './specAnalyzer';

/** Quiet time after the last keystroke before a spec is re-checked. */
const TYPING_DEBOUNCE_MS = 250;

export function activate(context: vscode.ExtensionContext): BackpropApi {
  const analyzer = new SpecAnalyzer(TYPING_DEBOUNCE_MS);
  const log = new MessageLog();
  const panels = new Panels(context.extensionUri, analyzer, log);
  context.subscriptions.push(
    publishDiagnostics(analyzer),
    registerHover(analyzer),
    registerCommands(panels),
    panels,
    analyzer,
    log,
  );
  analyzer.analyzeOpenDocuments();
  return {
    get messages() {
      return log.messages;
    },
    onDidLogMessage: log.onDidLog,
    postToPanel: (spec, message) => panels.post(spec, message),
    receiveFromPanel: (spec, raw) => panels.receive(spec, raw),
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
