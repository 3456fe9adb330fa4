// Parses open spec documents (debounced while the user types) and keeps the latest result for each. The host reads
// only data-file headers; a data check in a worker adds what the whole files show.
import * as vscode from 'vscode';
import { parseSpec } from '../../netspec/index';
import type { ParseResult, Spec } from '../../netspec/types';
import { headerSpecHost, type HeaderCache } from '../../node/specFiles';
import type { SessionSource } from '../../protocol';
import { maxNumbersOf, settings } from '../platform/settings';
import type { DataChecks } from './dataChecks';
import { dataCheckKey, withDataCheck } from './dataProblems';

/** The latest parse of one spec document. */
export interface Analysis {
  /** Document version the result belongs to. */
  version: number;
  /** The problems of the current text; with its data files' contents once their check is back. */
  result: ParseResult;
  /** The newest spec that parsed without errors, possibly from an older version. */
  lastValid?: Spec;
  /** The data check of this text (key and whether its result is in `result`); absent when it names no data file. */
  dataCheck?: { key: string; done: boolean };
}

/** Spec files are recognised by name, whatever language mode the editor gave them. */
export function isSpecDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.path.endsWith('.nn.json');
}

/** What a worker needs to read the document's spec: its text, where it lives, and the tree data must stay in. */
export function specSource(doc: vscode.TextDocument): SessionSource {
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  return {
    text: doc.getText(),
    specPath: doc.uri.fsPath,
    allowedRoot: folder?.uri.fsPath,
    maxNumbers: maxNumbersOf(settings().workerMaxMemoryMb),
  };
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
  constructor(
    private readonly delayMs: number,
    private readonly headers: HeaderCache,
    private readonly checks: DataChecks,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.analyzeNow(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      // A save may follow a change to the data file itself: its stamp is read again.
      vscode.workspace.onDidSaveTextDocument((doc) => this.analyzeNow(doc)),
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

  /** The analysis of the current text once its data check is back: what training may rely on. */
  async checked(doc: vscode.TextDocument): Promise<Analysis | undefined> {
    // Analyzed afresh, not from the cache: a data file may have changed on disk since, with the spec's text (and so its
    // version) unchanged; its stamp is read again (its header only when the file changed).
    let analysis = this.analyzeNow(doc);
    for (;;) {
      if (!analysis?.dataCheck || analysis.dataCheck.done) return analysis;
      // Settles with the result (merged by analyzing again) or undefined when the user's typing replaced the request.
      const result = await this.checks.check(doc.uri.toString(), analysis.dataCheck.key, specSource(doc));
      analysis = result ? this.analyzeNow(doc) : this.get(doc);
    }
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
    const source = specSource(doc);
    let result: ParseResult;
    let dataCheck: Analysis['dataCheck'];
    try {
      const host = headerSpecHost(source.specPath, source.allowedRoot, this.headers);
      result = parseSpec(source.text, host, { maxNumbers: source.maxNumbers });
      const stamps = host.dataStamps();
      if (stamps.length > 0) {
        const checkKey = dataCheckKey(source.text, stamps);
        const known = this.checks.result(checkKey);
        if (known) result = withDataCheck(result, source.text, known);
        else this.startCheck(doc, checkKey, source);
        dataCheck = { key: checkKey, done: known !== undefined };
      }
    } catch (err) {
      // A throw from netspec/ is a bug, not a user mistake: say so with details to copy.
      void vscode.window.showErrorMessage(
        `Backprop Studio: internal error while checking ${doc.uri.fsPath}: ${String(err)}`,
      );
      return undefined;
    }
    const lastValid = result.spec ?? this.analyses.get(key)?.lastValid;
    const analysis: Analysis = { version: doc.version, result, lastValid };
    if (dataCheck) analysis.dataCheck = dataCheck;
    this.analyses.set(key, analysis);
    this.changed.fire(doc);
    return analysis;
  }

  /** Checks the data in the background; its result is merged by analyzing again, if the text still wants it. */
  private startCheck(doc: vscode.TextDocument, checkKey: string, source: SessionSource): void {
    void this.checks.check(doc.uri.toString(), checkKey, source).then((result) => {
      const current = this.analyses.get(doc.uri.toString());
      if (result && current?.dataCheck?.key === checkKey && !current.dataCheck.done) this.analyzeNow(doc);
    });
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
