// The panels' host side: one webview beside each spec, its validated message traffic routed to the session, and state
// pushes.
import * as path from 'path';
import * as vscode from 'vscode';
import type { DebugFrameFocus, FromWebview, ToWebview } from '../../protocol';
import { showFailure } from '../platform/failures';
import type { Probe } from '../testing/probe';
import { makeNonce, panelHtml } from './html';
import { panelState } from './state';
import type { SessionActions } from '../sessions/actions';
import type { Sessions } from '../sessions/registry';
import { settings } from '../platform/settings';
import type { SpecAnalyzer } from '../editor/specAnalyzer';
import { layerShape } from '../editor/specShape';
import { parseFromWebview } from './messages';

/** One open panel and the spec it shows (the spec's URI changes when the file is renamed). */
interface PanelEntry {
  panel: vscode.WebviewPanel;
  spec: vscode.Uri;
}

const panelTitle = (spec: vscode.Uri): string => `Backprop: ${path.posix.basename(spec.path)}`;

/** The spec URI a panel's webview saved in its state (see webview/state/vscodeApi.ts), if it is a spec's. */
function savedSpec(state: unknown): vscode.Uri | undefined {
  const spec = typeof state === 'object' && state !== null ? (state as { spec?: unknown }).spec : undefined;
  if (typeof spec !== 'string') return undefined;
  try {
    const uri = vscode.Uri.parse(spec, true);
    return uri.path.endsWith('.nn.json') ? uri : undefined;
  } catch {
    return undefined;
  }
}

export class Panels implements vscode.Disposable {
  static readonly viewType = 'backprop.panel';
  private readonly open = new Map<string, PanelEntry>();
  /** Per spec, the debug frame selected in the Call Stack. */
  private readonly debugFrames = new Map<string, DebugFrameFocus>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analyzer: SpecAnalyzer,
    private readonly sessions: Sessions,
    private readonly actions: SessionActions,
    private readonly probe: Probe | undefined,
  ) {
    this.subscriptions = [
      vscode.window.registerWebviewPanelSerializer(Panels.viewType, {
        deserializeWebviewPanel: (panel, state) => this.restore(panel, state),
      }),
      sessions.onDidMove(({ session, from }) => this.follow(from, session.uri)),
      sessions.onDidEnd(({ session }) => void this.open.get(session.uri.toString())?.panel.dispose()),
      analyzer.onDidAnalyze((doc) => this.sendStateIfOpen(doc.uri)),
      sessions.onDidChange((s) => this.sendStateIfOpen(s.uri)),
      sessions.onDidStream(({ session, message }) => this.stream(session.uri, message)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('backprop.graph.edgeLimit'))
          for (const key of this.open.keys()) this.sendStateIfOpen(vscode.Uri.parse(key));
      }),
    ];
  }

  /** Shows the spec's panel in `column`, creating it the first time. */
  show(spec: vscode.Uri, column: vscode.ViewColumn): vscode.WebviewPanel {
    const key = spec.toString();
    const existing = this.open.get(key);
    if (existing) {
      existing.panel.reveal(column, true);
      return existing.panel;
    }
    const panel = vscode.window.createWebviewPanel(
      Panels.viewType,
      panelTitle(spec),
      { viewColumn: column, preserveFocus: true },
      this.webviewOptions(),
    );
    this.adopt(panel, spec);
    return panel;
  }

  /** Brings the spec's panel forward where it is (beside the editor when it has none), keeping the focus. */
  reveal(spec: vscode.Uri): void {
    const existing = this.open.get(spec.toString());
    if (existing) existing.panel.reveal(existing.panel.viewColumn, true);
    else this.show(spec, vscode.ViewColumn.Beside);
  }

  /** The spec of the panel that is the active editor, if one is. */
  activeSpec(): vscode.Uri | undefined {
    for (const entry of this.open.values()) if (entry.panel.active) return entry.spec;
    return undefined;
  }

  /** The HTML the spec's panel was last given (tests read its CSP and nonce). */
  htmlOf(spec: vscode.Uri): { html: string; localResourceRoots: string[] } | undefined {
    const panel = this.open.get(spec.toString())?.panel;
    return (
      panel && {
        html: panel.webview.html,
        localResourceRoots: (panel.webview.options.localResourceRoots ?? []).map((u) => u.toString()),
      }
    );
  }

  /**
   * Re-attaches a panel VS Code restored after a window reload to the spec its webview saved in its state; the session
   * is gone, so it shows the spec with no session. A panel whose spec is gone (or already shown) closes.
   */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const spec = savedSpec(state);
    const exists =
      spec &&
      (await vscode.workspace.fs.stat(spec).then(
        () => true,
        () => false,
      ));
    if (!spec || !exists || this.open.has(spec.toString())) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    panel.title = panelTitle(spec);
    this.adopt(panel, spec);
  }

  private webviewOptions(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
      ],
    };
  }

  /** Routes the panel's messages to the spec's session, and renders it. */
  private adopt(panel: vscode.WebviewPanel, spec: vscode.Uri): void {
    const entry: PanelEntry = { panel, spec };
    this.render(entry);
    const listener = panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(entry.spec, raw));
    panel.onDidDispose(() => {
      listener.dispose();
      this.open.delete(entry.spec.toString());
    });
    this.open.set(spec.toString(), entry);
  }

  /**
   * Gives the panel its HTML (a fresh nonce each time) naming its spec, which the webview keeps in its saved state for
   * a window reload to find.
   */
  private render(entry: PanelEntry): void {
    const { panel, spec } = entry;
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, {
      title: path.posix.basename(spec.path),
      spec: spec.toString(),
      nonce: makeNonce(),
    });
  }

  /**
   * Moves the panel of a renamed spec to its new URI and title; it renders again so its webview saves the new URI
   * (it rebuilds from the host's state, and keeps its view settings).
   */
  private follow(from: vscode.Uri, to: vscode.Uri): void {
    const entry = this.open.get(from.toString());
    if (!entry) return;
    this.open.delete(from.toString());
    entry.spec = to;
    entry.panel.title = panelTitle(to);
    this.open.set(to.toString(), entry);
    this.render(entry);
  }

  /** Highlights the layer of a debug session's selected frame in the spec's panel, now and in panels opened later. */
  showDebugFrame(spec: vscode.Uri, focus: DebugFrameFocus | undefined): void {
    if (focus) this.debugFrames.set(spec.toString(), focus);
    else this.debugFrames.delete(spec.toString());
    void this.post(spec, { type: 'debug/frame', focus });
  }

  /** Posts a message to the spec's panel; false when it has none or the webview is gone. */
  post(spec: vscode.Uri, message: ToWebview): Thenable<boolean> {
    const panel = this.open.get(spec.toString())?.panel;
    if (!panel) return Promise.resolve(false);
    this.probe?.message({ direction: 'toWebview', spec: spec.toString(), message });
    return panel.webview.postMessage(message);
  }

  /**
   * Streams a session's update to its panel while the panel shows. A hidden panel's webview is torn down (its context
   * is not retained), so whatever it were sent would cross to the workbench for nothing, competing with hovers and
   * typing; shown again, it reloads and asks for the whole state.
   */
  private stream(spec: vscode.Uri, message: ToWebview): void {
    if (this.open.get(spec.toString())?.panel.visible) void this.post(spec, message);
  }

  /** Handles one message from the spec's webview, refusing anything that fails validation. */
  receive(spec: vscode.Uri, raw: unknown): void {
    const message = parseFromWebview(raw, this.shapeOf(spec));
    if (!message) {
      this.probe?.message({ direction: 'rejected', spec: spec.toString(), message: raw });
      return;
    }
    this.probe?.message({ direction: 'fromWebview', spec: spec.toString(), message });
    this.route(spec, message).then(undefined, (err: unknown) =>
      showFailure(err, `handling the panel's "${message.type}"`, this.probe),
    );
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
      case 'model/export':
        return void (await vscode.commands.executeCommand('backprop.export', spec));
      case 'spec/reveal':
        return this.actions.reveal(spec, message.ref);
      case 'param/inspect': {
        const session = this.sessions.get(spec);
        const value = session?.state.inspect(message.ref);
        return void (value && (await this.post(spec, { type: 'session/param', value })));
      }
      case 'images/cell': {
        const session = this.sessions.get(spec);
        if (!session) return;
        const examples = await session.cellExamples(message.actual, message.predicted);
        return void (await this.post(spec, { type: 'session/cellExamples', examples }));
      }
      default: {
        const unhandled: never = message;
        throw new Error(`Internal error while routing a panel message: ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /** [input, units…] parameter references are checked against: the session's network, else the spec's. */
  private shapeOf(spec: vscode.Uri): number[] {
    const session = this.sessions.get(spec);
    if (session && session.shape.length > 0) return [...session.shape];
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === spec.toString());
    const valid = doc && this.analyzer.get(doc)?.lastValid;
    return valid ? layerShape(valid.model) : [];
  }

  private sendStateIfOpen(spec: vscode.Uri): void {
    if (this.open.has(spec.toString())) void this.sendState(spec);
  }

  private async sendState(spec: vscode.Uri): Promise<boolean> {
    // A panel restored after a reload shows a spec no editor has open yet: open (not show) it to read it.
    const doc =
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === spec.toString()) ??
      (await vscode.workspace.openTextDocument(spec).then(
        (d) => d,
        () => undefined,
      ));
    const analysis = doc && this.analyzer.get(doc);
    const session = this.sessions.get(spec);
    const state = panelState({
      fileName: path.posix.basename(spec.path),
      result: analysis?.result,
      lastValid: analysis?.lastValid,
      stale: session?.stale ?? false,
      session: session?.state.view,
      edgeLimit: settings().graphEdgeLimit,
    });
    const debugFrame = this.debugFrames.get(spec.toString());
    if (debugFrame) state.debugFrame = debugFrame;
    return this.post(spec, { type: 'panel/state', state });
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    for (const { panel } of [...this.open.values()]) panel.dispose();
  }
}
