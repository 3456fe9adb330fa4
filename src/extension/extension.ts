// Activation: wires spec analysis, diagnostics, hovers, the schema's editing help, lenses, sessions, panels, status bar
// and commands; in test or development mode also the probe, and returns the test API.
import * as vscode from 'vscode';
import type { BackpropApi } from './testing/api';
import { registerCodeLenses } from './editor/codeLens';
import { registerCommands } from './commands/registerCommands';
import { registerDebugging } from './debug/debugging';
import { registerModelCommands } from './commands/modelCommands';
import { DataChecks } from './editor/dataChecks';
import { showDataCheckProgress } from './editor/loadProgress';
import { HeaderCache } from '../node/specFiles';
import { lazyBundle } from './platform/bundles';
import { publishDiagnostics } from './editor/specDiagnostics';
import { registerHover } from './editor/hover';
import { registerSchemaFeatures } from './language/schemaFeatures';
import { Panels } from './panel/panels';
import { publishResultDiagnostics } from './editor/resultDiagnostics';
import { showFailure } from './platform/failures';
import { Probe, wantsProbe } from './testing/probe';
import { SessionActions } from './sessions/actions';
import { announceSessionEnds } from './sessions/notices';
import { Sessions } from './sessions/registry';
import { settings } from './platform/settings';
import { SpecAnalyzer } from './editor/specAnalyzer';
import { StatusBar } from './editor/statusBar';
import { testApi } from './testing/testApi';

/** Quiet time after the last keystroke before a spec is re-checked. */
const TYPING_DEBOUNCE_MS = 250;

export function activate(context: vscode.ExtensionContext): BackpropApi | undefined {
  const started = performance.now();
  const production = context.extensionMode === vscode.ExtensionMode.Production;
  const probe = wantsProbe(production, process.env) ? new Probe() : undefined;
  const workerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath;
  const checks = new DataChecks({ workerPath, maxMemoryMb: () => settings().workerMaxMemoryMb });
  const headers = new HeaderCache(probe && ((read) => probe.dataRead(read)));
  const analyzer = new SpecAnalyzer(TYPING_DEBOUNCE_MS, headers, checks);
  // The memory cap applies to workers started after a settings change; the update rate applies at once.
  const sessions = new Sessions(analyzer, () => ({
    workerPath,
    maxMemoryMb: settings().workerMaxMemoryMb,
    updateRate: () => settings().updateRate,
    onInternalError: (err) => showFailure(err, 'running a training session', probe),
  }));
  const actions = new SessionActions(sessions, analyzer);
  const panels = new Panels(context.extensionUri, analyzer, sessions, actions, probe);
  const statusBar = new StatusBar(sessions);
  context.subscriptions.push(
    publishDiagnostics(analyzer),
    announceSessionEnds(sessions, probe),
    publishResultDiagnostics(sessions),
    registerHover(analyzer, sessions, probe),
    registerSchemaFeatures(context.extensionUri),
    registerCodeLenses(sessions),
    registerDebugging(
      workerPath,
      (spec, focus) => panels.showDebugFrame(spec, focus),
      lazyBundle<typeof import('../debug/adapter')>(context.extensionUri, 'debugSession'),
    ),
    registerCommands(panels, actions, probe),
    registerModelCommands(
      sessions,
      analyzer,
      (context.extension.packageJSON as { version: string }).version,
      probe,
      lazyBundle<typeof import('../interop')>(context.extensionUri, 'interop'),
      () => panels.activeSpec(),
    ),
    statusBar,
    panels,
    sessions,
    analyzer,
    checks,
    showDataCheckProgress(checks, probe && ((event) => probe.dataCheck(event))),
  );
  analyzer.analyzeOpenDocuments();
  return probe && testApi(probe, panels, sessions, statusBar, performance.now() - started);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
