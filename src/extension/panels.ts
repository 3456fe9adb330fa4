// The panels' host side: one webview beside each spec, its validated message traffic routed to the session, and state pushes.
import * as path from 'path';
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../protocol';
import { showFailure } from './failures';
import type { MessageLog } from './messageLog';
import { makeNonce, panelHtml } from './panelHtml';
import { panelState } from './panelState';
import type { SessionActions } from './sessionActions';
import type { Sessions } from './sessions';
import { settings } from './settings';
import type { SpecAnalyzer } from './specAnalyzer';
import { layerShape } from './specShape';
import { parseFromWebview } from './webviewMessages';

export class Panels implements vscode.Disposable {
  static readonly viewType = 'backprop.panel';
  private readonly open = new Map<string, vscode.WebviewPanel>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analyzer: SpecAnalyzer,
    private readonly sessions: Sessions,
    private readonly actions: SessionActions,
    private readonly log: MessageLog,
    private readonly onError: (message: string) => void,
  ) {
    this.subscriptions = [
      analyzer.onDidAnalyze((doc) => this.sendStateIfOpen(doc.uri)),
      sessions.onDidChange((s) => this.sendStateIfOpen(s.uri)),
      sessions.onDidStream(({ session, message }) => void this.post(session.uri, message)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('backprop.graph.edgeLimit')) for (const key of this.open.keys()) this.sendStateIfOpen(vscode.Uri.parse(key));
      }),
    ];
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
    const message = parseFromWebview(raw, this.shapeOf(spec));
    if (!message) {
      this.log.add({ direction: 'rejected', spec: spec.toString(), message: raw });
      return;
    }
    this.log.add({ direction: 'fromWebview', spec: spec.toString(), message });
    this.route(spec, message).then(undefined, (err: unknown) => showFailure(err, `handling the panel's "${message.type}"`, this.onError));
  }

  private async route(spec: vscode.Uri, message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ui/ready':
        return void this.sendState(spec);
      case 'train/run':
        return void (await this.actions.train(spec));
      case 'train/pause':
        return this.sessions.get(spec)?.pause();
      case 'train/step':
        return void (await this.actions.step(spec));
      case 'train/reset':
        return void (await this.actions.reset(spec));
      case 'train/setLearningRate':
        return this.actions.setLearningRate(spec, message.value);
      case 'check/run':
        return void (await this.actions.check(spec));
      case 'weights/write':
        return this.actions.writeWeights(spec);
      case 'spec/reveal':
        return this.actions.reveal(spec, message.ref);
      default: {
        const unhandled: never = message;
        throw new Error(`Internal error while routing a panel message: ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /** [input, units…] parameter references are checked against: the session's network, else the spec's. */
  private shapeOf(spec: vscode.Uri): number[] {
    const session = this.sessions.get(spec);
    if (session && session.shape.length > 0) return session.shape;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === spec.toString());
    const valid = doc && this.analyzer.get(doc)?.lastValid;
    return valid ? layerShape(valid.model) : [];
  }

  private sendStateIfOpen(spec: vscode.Uri): void {
    if (this.open.has(spec.toString())) void this.sendState(spec);
  }

  private sendState(spec: vscode.Uri): Thenable<boolean> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === spec.toString());
    const analysis = doc && this.analyzer.get(doc);
    const session = this.sessions.get(spec);
    const state = panelState({
      fileName: path.posix.basename(spec.path),
      result: analysis?.result,
      lastValid: analysis?.lastValid,
      stale: session?.stale ?? false,
      session: session?.model.view,
      edgeLimit: settings().graphEdgeLimit,
    });
    return this.post(spec, { type: 'panel/state', state });
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    for (const panel of [...this.open.values()]) panel.dispose();
  }
}
