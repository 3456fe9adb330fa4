// The registry of training sessions, one per spec URI; marks a session stale when its spec's text changes.
import * as vscode from 'vscode';
import { showLoadProgress } from '../editor/loadProgress';
import type { ToWebview } from '../../protocol';
import { isDeletedBy, movedKey } from '../platform/fileMoves';
import { Session, type SessionOptions } from './session';
import { specSource, type SpecAnalyzer } from '../editor/specAnalyzer';
import { layerShape } from '../editor/specShape';
import { UserError } from '../platform/userError';

export class Sessions implements vscode.Disposable {
  private readonly byUri = new Map<string, { session: Session; subscriptions: vscode.Disposable }>();
  /** Specs whose session is being started (its data checked, its worker loading), by URI. */
  private readonly starting = new Map<string, Promise<Session>>();
  private readonly changed = new vscode.EventEmitter<Session>();
  private readonly streamed = new vscode.EventEmitter<{ session: Session; message: ToWebview }>();
  private readonly crashed = new vscode.EventEmitter<{ session: Session; message: string }>();
  private readonly moved = new vscode.EventEmitter<{ session: Session; from: vscode.Uri }>();
  private readonly ended = new vscode.EventEmitter<{ session: Session; message: string }>();
  private readonly subscriptions: vscode.Disposable[] = [
    this.changed,
    this.streamed,
    this.crashed,
    this.moved,
    this.ended,
  ];
  /** Fires when a session is created or its panel-visible state changes. */
  readonly onDidChange = this.changed.event;
  /** Every message a session streams to its panel. */
  readonly onDidStream = this.streamed.event;
  /** A session's worker exited on its own (crash, out of memory); the session stays, to be restarted. */
  readonly onDidCrash = this.crashed.event;
  /** A session followed its spec file to a new URI (`session.uri` is the new one). */
  readonly onDidMove = this.moved.event;
  /** A session was closed and removed because its spec is gone; fires before its worker is terminated. */
  readonly onDidEnd = this.ended.event;

  constructor(
    private readonly analyzer: SpecAnalyzer,
    private readonly options: () => SessionOptions,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const session = this.get(e.document.uri);
        if (session && e.contentChanges.length > 0) session.textChanged(e.document.getText());
      }),
    );
    // Only renames and deletions made through VS Code (explorer, refactorings, extensions) are reported here.
    this.subscriptions.push(
      vscode.workspace.onDidRenameFiles((e) => {
        for (const f of e.files) this.follow(f.oldUri, f.newUri);
      }),
      vscode.workspace.onDidDeleteFiles((e) => {
        for (const uri of e.files) this.endWhere((key) => isDeletedBy(key, uri.toString()), 'was deleted');
      }),
    );
  }

  get(uri: vscode.Uri): Session | undefined {
    return this.byUri.get(uri.toString())?.session;
  }

  /**
   * The spec's session, started (or restarted after a crash or load error) from the document's current text. Callers
   * arriving while it starts share that start: one spec, one worker, however many commands at once.
   */
  ensure(doc: vscode.TextDocument): Promise<Session> {
    const key = doc.uri.toString();
    let starting = this.starting.get(key);
    if (!starting) {
      starting = this.start(doc).finally(() => this.starting.delete(key));
      this.starting.set(key, starting);
    }
    return starting;
  }

  private async start(doc: vscode.TextDocument): Promise<Session> {
    const existing = this.get(doc.uri);
    // A command arriving mid-load acts on the loaded session (or restarts a failed load).
    if (existing?.status === 'loading') await existing.whenLoaded();
    if (existing && existing.status !== 'crashed' && existing.status !== 'error') return existing;
    // Checked before creating anything, so a spec with errors leaves no half-made session behind.
    const load = await this.loadArgs(doc);
    const session = existing ?? this.create(doc.uri);
    await session.load(...load);
    return session;
  }

  /** Reloads the document's current text into the session: initial weights, fresh optimizer, not stale. */
  async load(session: Session, doc: vscode.TextDocument): Promise<void> {
    return session.load(...(await this.loadArgs(doc)));
  }

  /**
   * What a worker needs to load the document, once its data files are checked, or a user-facing error when its spec
   * has errors.
   */
  private async loadArgs(doc: vscode.TextDocument): Promise<Parameters<Session['load']>> {
    const spec = (await this.analyzer.checked(doc))?.result.spec;
    if (!spec)
      throw new UserError(
        `${vscode.workspace.asRelativePath(doc.uri)} has errors; fix them (see Problems) before training.`,
      );
    return [specSource(doc), layerShape(spec.model), spec.model.optimizer.learningRate];
  }

  /** Moves every session whose spec was renamed (or lies in a renamed folder) to its new URI. */
  private follow(from: vscode.Uri, to: vscode.Uri): void {
    for (const [key, entry] of [...this.byUri]) {
      const next = movedKey(key, from.toString(), to.toString());
      if (next === undefined) continue;
      const uri = vscode.Uri.parse(next, true);
      if (!uri.path.endsWith('.nn.json')) {
        this.end(key, `was renamed to ${uri.path.split('/').pop()}, which is not a *.nn.json spec`);
        continue;
      }
      // Renamed over a spec that had its own session: that file's content is gone, so is its session.
      if (this.byUri.has(next)) this.end(next, 'was replaced by a renamed file');
      this.byUri.delete(key);
      this.byUri.set(next, entry);
      const old = entry.session.uri;
      entry.session.moveTo(uri);
      this.moved.fire({ session: entry.session, from: old });
    }
  }

  private endWhere(matches: (key: string) => boolean, why: string): void {
    for (const key of [...this.byUri.keys()]) if (matches(key)) this.end(key, why);
  }

  /** Closes the session of `key` (its worker is terminated) and forgets it; `why` completes "<file> …". */
  private end(key: string, why: string): void {
    const entry = this.byUri.get(key);
    if (!entry) return;
    this.byUri.delete(key);
    const name = entry.session.uri.path.split('/').pop();
    this.ended.fire({ session: entry.session, message: `${name} ${why}: its training session ended.` });
    entry.subscriptions.dispose();
    entry.session.dispose();
    if (this.byUri.size === 0) void vscode.commands.executeCommand('setContext', 'backprop.hasSession', false);
  }

  private create(uri: vscode.Uri): Session {
    const session = new Session(uri, this.options());
    const subscriptions = vscode.Disposable.from(
      session.onDidChangeState(() => this.changed.fire(session)),
      session.onDidStream((message) => this.streamed.fire({ session, message })),
      session.onDidCrash((message) => this.crashed.fire({ session, message })),
      session.onDidLoadProgress((first) => showLoadProgress(session, first)),
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
