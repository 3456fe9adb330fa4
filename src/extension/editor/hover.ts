// Adapts hoverMarkdown to VS Code: hovers over a spec's layers, weights and biases, with the session's latest snapshot.
import * as vscode from 'vscode';
import { hoverMarkdown, type HoverSession } from './hoverContent';
import type { Sessions } from '../sessions/registry';
import { isSpecDocument, type SpecAnalyzer } from './specAnalyzer';

/** The only commands a hover's links may run. */
const HOVER_COMMANDS = ['backprop.step'];

/** Hovers kept in `hoverMs`. */
const TIMED_HOVERS = 1000;

/** Registers the hover provider; each hover's time in it (ms, the newest TIMED_HOVERS) is appended to `hoverMs`. */
export function registerHover(analyzer: SpecAnalyzer, sessions: Sessions, hoverMs: number[] = []): vscode.Disposable {
  return vscode.languages.registerHoverProvider(
    { pattern: '**/*.nn.json' },
    {
      provideHover(doc, position) {
        const started = performance.now();
        try {
          return hoverAt(doc, position);
        } finally {
          if (hoverMs.push(performance.now() - started) > TIMED_HOVERS)
            hoverMs.splice(0, hoverMs.length - TIMED_HOVERS);
        }
      },
    },
  );

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
            snapshot: session.model.snapshot,
            check: session.model.view.gradCheck,
            gradientHistory: (i) => session.model.gradients.historyOf(i),
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
