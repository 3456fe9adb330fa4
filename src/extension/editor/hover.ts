// Adapts hoverMarkdown to VS Code: hovers over a spec's layers, weights and biases, with the session's latest snapshot.
import * as vscode from 'vscode';
import { hoverMarkdown, type HoverSession } from './hoverContent';
import type { Sessions } from '../sessions/registry';
import { isSpecDocument, type SpecAnalyzer } from './specAnalyzer';
import type { Probe } from '../testing/probe';

/** The only commands a hover's links may run. */
const HOVER_COMMANDS = ['backprop.step'];

/** Registers the hover provider; with a probe (test mode) each hover's time in it is recorded. */
export function registerHover(analyzer: SpecAnalyzer, sessions: Sessions, probe: Probe | undefined): vscode.Disposable {
  const timed = (doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined => {
    const started = performance.now();
    try {
      return hoverAt(doc, position);
    } finally {
      probe?.hover({ at: started, ms: performance.now() - started });
    }
  };
  return vscode.languages.registerHoverProvider({ pattern: '**/*.nn.json' }, { provideHover: probe ? timed : hoverAt });

  function hoverAt(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!isSpecDocument(doc)) return undefined;
    // Only the current text's own parse maps offsets safely; a stale spec could point at the wrong layer.
    const spec = analyzer.get(doc)?.result.spec;
    if (!spec) return undefined;
    const session = sessions.get(doc.uri);
    const live: HoverSession | undefined =
      session && session.status !== 'loading'
        ? {
            shape: session.shape,
            snapshot: session.state.snapshot,
            check: session.state.view.gradCheck,
            gradientHistory: (i) => session.state.gradientHistory(i),
          }
        : undefined;
    const computeGradients = `command:backprop.step?${encodeURIComponent(JSON.stringify([doc.uri.toString()]))}`;
    const markdown = hoverMarkdown(doc.getText(), doc.offsetAt(position), spec, live, { computeGradients });
    if (markdown === undefined) return undefined;
    const content = new vscode.MarkdownString(markdown);
    content.isTrusted = { enabledCommands: HOVER_COMMANDS };
    return new vscode.Hover(content);
  }
}
