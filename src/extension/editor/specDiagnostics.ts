// Publishes each spec's problems as editor diagnostics whenever the analyzer has a new result.
import * as vscode from 'vscode';
import type { Problem } from '../../netspec/types';
import type { SpecAnalyzer } from './specAnalyzer';

/** One spec problem as a VS Code diagnostic, located in the document it was parsed from. */
export function toDiagnostic(doc: vscode.TextDocument, problem: Problem): vscode.Diagnostic {
  const start = doc.positionAt(problem.offset);
  const end = doc.positionAt(problem.offset + Math.max(problem.length, 1));
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), problem.message, severity);
  diagnostic.source = 'backprop';
  return diagnostic;
}

/** Keeps a diagnostic collection in step with the analyzer; dispose to clear it. */
export function publishDiagnostics(analyzer: SpecAnalyzer): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('backprop');
  return vscode.Disposable.from(
    collection,
    analyzer.onDidAnalyze((doc) => {
      const analysis = analyzer.get(doc);
      collection.set(doc.uri, analysis ? analysis.result.problems.map((p) => toDiagnostic(doc, p)) : []);
    }),
    analyzer.onDidForget((uri) => collection.delete(uri)),
  );
}
