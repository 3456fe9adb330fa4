// Publishes training results as diagnostics in their own collection, apart from spec problems.
import * as vscode from 'vscode';
import type { DivergenceInfo, GradCheckInfo } from '../../protocol';
import type { Session } from '../sessions/session';
import type { Sessions } from '../sessions/registry';
import { checkDiagnostics, divergenceDiagnostic, type PlainDiagnostic } from './trainingDiagnostics';

export const RESULT_SOURCE = 'backprop training';

function toDiagnostic(doc: vscode.TextDocument, d: PlainDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(doc.positionAt(d.offset), doc.positionAt(d.offset + d.length));
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, d.message, severity);
  diagnostic.source = RESULT_SOURCE;
  return diagnostic;
}

/** Shows each session's latest check and divergence; drops a result's diagnostics where the text under them changes. */
export function publishResultDiagnostics(sessions: Sessions): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(RESULT_SOURCE);
  /** The results already published per spec, so a state change republishes only new ones. */
  const shown = new Map<string, { check?: GradCheckInfo; divergence?: DivergenceInfo }>();

  const refresh = async (session: Session): Promise<void> => {
    const key = session.uri.toString();
    const { gradCheck: check } = session.state.view;
    const divergence = session.state.divergence;
    const before = shown.get(key);
    if (before?.check === check && before?.divergence === divergence) return;
    shown.set(key, { check, divergence });
    const doc = await vscode.workspace.openTextDocument(session.uri);
    // Results are located in the text the session loaded; a stale session's offsets may point elsewhere.
    const text = session.stale ? undefined : doc.getText();
    const plain =
      text === undefined
        ? []
        : [
            ...(check ? checkDiagnostics(text, check) : []),
            ...(divergence ? [divergenceDiagnostic(text, divergence)].filter((d) => d !== undefined) : []),
          ];
    collection.set(
      session.uri,
      plain.map((d) => toDiagnostic(doc, d)),
    );
  };

  const forget = (uri: vscode.Uri): void => {
    collection.delete(uri);
    shown.delete(uri.toString());
  };
  return vscode.Disposable.from(
    collection,
    sessions.onDidChange((s) => void refresh(s)),
    // A renamed spec's results move with it; a deleted spec's go.
    sessions.onDidMove(({ session, from }) => {
      forget(from);
      void refresh(session);
    }),
    sessions.onDidEnd(({ session }) => forget(session.uri)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      const current = collection.get(e.document.uri);
      if (!current || current.length === 0 || e.contentChanges.length === 0) return;
      const kept = current.filter((d) => !e.contentChanges.some((c) => c.range.intersection(d.range) !== undefined));
      if (kept.length !== current.length) collection.set(e.document.uri, kept);
    }),
  );
}
