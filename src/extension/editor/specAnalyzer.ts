// Parses open spec documents (debounced while the user types) and keeps the latest result for each.
import * as vscode from 'vscode';
import { parseSpec } from '../../netspec/index';
import type { ParseResult, Spec } from '../../netspec/types';
import { nodeSpecHost } from '../../node/specFiles';

/** The latest parse of one spec document. */
export interface Analysis {
  /** Document version the result belongs to. */
  version: number;
  result: ParseResult;
  /** The newest spec that parsed without errors, possibly from an older version. */
  lastValid?: Spec;
}

/** Spec files are recognised by name, whatever language mode the editor gave them. */
export function isSpecDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.path.endsWith('.nn.json');
}

export class SpecAnalyzer implements vscode.Disposable {
  private readonly analyses = new Map<string, Analysis>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  private readonly forgotten = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed, this.forgotten];

  /** Fires after a document has a new analysis. */
  readonly onDidAnalyze = this.changed.event;
  /** Fires when a closed document's analysis is dropped. */
  readonly onDidForget = this.forgotten.event;

  /** `delayMs` is the quiet time after the last keystroke before parsing. */
  constructor(private readonly delayMs: number) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.analyzeNow(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
    );
  }

  /** Analyzes the documents that were open before activation; call once its listeners are attached. */
  analyzeOpenDocuments(): void {
    for (const doc of vscode.workspace.textDocuments) this.analyzeNow(doc);
  }

  /** The analysis of the document's current text, computed now if it is missing or outdated. */
  get(doc: vscode.TextDocument): Analysis | undefined {
    const known = this.analyses.get(doc.uri.toString());
    if (known && known.version === doc.version) return known;
    return this.analyzeNow(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isSpecDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.analyzeNow(doc);
      }, this.delayMs),
    );
  }

  private analyzeNow(doc: vscode.TextDocument): Analysis | undefined {
    if (!isSpecDocument(doc) || doc.isClosed) return undefined;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    let result: ParseResult;
    try {
      const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
      result = parseSpec(doc.getText(), nodeSpecHost(doc.uri.fsPath, folder?.uri.fsPath));
    } catch (err) {
      // A throw from netspec/ is a bug, not a user mistake: say so with details to copy.
      void vscode.window.showErrorMessage(
        `Backprop Studio: internal error while checking ${doc.uri.fsPath}: ${String(err)}`,
      );
      return undefined;
    }
    const lastValid = result.spec ?? this.analyses.get(key)?.lastValid;
    const analysis: Analysis = { version: doc.version, result, lastValid };
    this.analyses.set(key, analysis);
    this.changed.fire(doc);
    return analysis;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (this.analyses.delete(key)) this.forgotten.fire(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.subscriptions) d.dispose();
  }
}
