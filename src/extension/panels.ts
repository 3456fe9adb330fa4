// The panels' host side: one webview beside each spec, its validated message traffic, and state pushes.
import * as path from 'path';
import * as vscode from 'vscode';
import type { ToWebview } from '../protocol';
import type { MessageLog } from './messageLog';
import { makeNonce, panelHtml } from './panelHtml';
import { panelState } from './panelState';
import type { SpecAnalyzer } from './specAnalyzer';
import { parseFromWebview } from './webviewMessages';

export class Panels implements vscode.Disposable {
  static readonly viewType = 'backprop.panel';
  private readonly open = new Map<string, vscode.WebviewPanel>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analyzer: SpecAnalyzer,
    private readonly log: MessageLog,
  ) {
    this.subscription = analyzer.onDidAnalyze((doc) => {
      if (this.open.has(doc.uri.toString())) void this.sendState(doc.uri);
    });
  }

  /** Shows the spec's panel in `column`, creating it the first time. */
  show(spec: vscode.Uri, column: vscode.ViewColumn): vscode.WebviewPanel {
    const key = spec.toString();
    const existing = this.open.get(key);
    if (existing) {
      existing.reveal(column, true);
      return existing;
    }
    const fileName = path.posix.basename(spec.path);
    const panel = vscode.window.createWebviewPanel(Panels.viewType, `Backprop: ${fileName}`, { viewColumn: column, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    });
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, fileName, makeNonce());
    const listener = panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(spec, raw));
    panel.onDidDispose(() => {
      listener.dispose();
      this.open.delete(key);
    });
    this.open.set(key, panel);
    return panel;
  }

  /** Posts a message to the spec's panel; false when it has none or the webview is gone. */
  post(spec: vscode.Uri, message: ToWebview): Thenable<boolean> {
    const panel = this.open.get(spec.toString());
    if (!panel) return Promise.resolve(false);
    this.log.add({ direction: 'toWebview', spec: spec.toString(), message });
    return panel.webview.postMessage(message);
  }

  /** Handles one message from the spec's webview, refusing anything that fails validation. */
  receive(spec: vscode.Uri, raw: unknown): void {
    const message = parseFromWebview(raw);
    if (!message) {
      this.log.add({ direction: 'rejected', spec: spec.toString(), message: raw });
      return;
    }
    this.log.add({ direction: 'fromWebview', spec: spec.toString(), message });
    switch (message.type) {
      case 'ui/ready':
        void this.sendState(spec);
        return;
      default: {
        const unhandled: never = message.type;
        throw new Error(`Internal error while routing a panel message: ${String(unhandled)}`);
      }
    }
  }

  private sendState(spec: vscode.Uri): Thenable<boolean> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === spec.toString());
    const state = panelState(path.posix.basename(spec.path), doc && this.analyzer.get(doc));
    return this.post(spec, { type: 'spec/state', state });
  }

  dispose(): void {
    this.subscription.dispose();
    for (const panel of [...this.open.values()]) panel.dispose();
  }
}
