// The registry of training sessions, one per spec URI; marks a session stale when its spec's text changes.
import * as vscode from 'vscode';
import type { ToWebview } from '../protocol';
import { Session, type SessionOptions } from './session';
import type { SpecAnalyzer } from './specAnalyzer';
import { layerShape } from './specShape';
import { UserError } from './userError';

export class Sessions implements vscode.Disposable {
  private readonly byUri = new Map<string, { session: Session; subscriptions: vscode.Disposable }>();
  private readonly changed = new vscode.EventEmitter<Session>();
  private readonly streamed = new vscode.EventEmitter<{ session: Session; message: ToWebview }>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed, this.streamed];
  /** Fires when a session is created or its panel-visible state changes. */
  readonly onDidChange = this.changed.event;
  /** Every message a session streams to its panel. */
  readonly onDidStream = this.streamed.event;

  constructor(private readonly analyzer: SpecAnalyzer, private readonly options: () => SessionOptions) {
    this.subscriptions.push(vscode.workspace.onDidChangeTextDocument((e) => {
      const session = this.get(e.document.uri);
      if (session && e.contentChanges.length > 0) session.setStale(e.document.getText() !== session.loadedText);
    }));
  }

  get(uri: vscode.Uri): Session | undefined {
    return this.byUri.get(uri.toString())?.session;
  }

  /** The spec's session, started (or restarted after a crash or load error) from the document's current text. */
  async ensure(doc: vscode.TextDocument): Promise<Session> {
    const existing = this.get(doc.uri);
    // A command arriving mid-load acts on the loaded session (or restarts a failed load).
    if (existing?.status === 'loading') await existing.whenLoaded();
    if (existing && existing.status !== 'crashed' && existing.status !== 'error') return existing;
    // Checked before creating anything, so a spec with errors leaves no half-made session behind.
    const load = this.loadArgs(doc);
    const session = existing ?? this.create(doc.uri);
    await session.load(...load);
    return session;
  }

  /** Reloads the document's current text into the session: initial weights, fresh optimizer, not stale. */
  load(session: Session, doc: vscode.TextDocument): Promise<void> {
    return session.load(...this.loadArgs(doc));
  }

  /** What a worker needs to load the document, or a user-facing error when its spec has errors. */
  private loadArgs(doc: vscode.TextDocument): Parameters<Session['load']> {
    const spec = this.analyzer.get(doc)?.result.spec;
    if (!spec) throw new UserError(`${vscode.workspace.asRelativePath(doc.uri)} has errors; fix them (see Problems) before training.`);
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    const source = { text: doc.getText(), specPath: doc.uri.fsPath, allowedRoot: folder?.uri.fsPath };
    return [source, layerShape(spec.model), spec.model.optimizer.learningRate];
  }

  private create(uri: vscode.Uri): Session {
    const session = new Session(uri, this.options());
    const subscriptions = vscode.Disposable.from(
      session.onDidChangeState(() => this.changed.fire(session)),
      session.onDidStream((message) => this.streamed.fire({ session, message })),
    );
    this.byUri.set(uri.toString(), { session, subscriptions });
    // Pause, Stop and Write appear in the palette once there is a session to act on.
    void vscode.commands.executeCommand('setContext', 'backprop.hasSession', true);
    this.changed.fire(session);
    return session;
  }

  dispose(): void {
    for (const { session, subscriptions } of this.byUri.values()) {
      subscriptions.dispose();
      session.dispose();
    }
    this.byUri.clear();
    for (const d of this.subscriptions) d.dispose();
  }
}
