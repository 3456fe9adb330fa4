// Adapts hoverMarkdown to VS Code: hovers over a spec's layers, weights and biases, with the session's latest snapshot.
import * as vscode from 'vscode';
import { hoverMarkdown, type HoverSession } from './hoverContent';
import type { Sessions } from './sessions';
import { isSpecDocument, type SpecAnalyzer } from './specAnalyzer';

/** The only commands a hover's links may run. */
const HOVER_COMMANDS = ['backprop.step'];

export function registerHover(analyzer: SpecAnalyzer, sessions: Sessions): vscode.Disposable {
  return vscode.languages.registerHoverProvider({ pattern: '**/*.nn.json' }, {
    provideHover(doc, position) {
      if (!isSpecDocument(doc)) return undefined;
      // Only the current text's own parse maps offsets safely; a stale spec could point at the wrong layer.
      const spec = analyzer.get(doc)?.result.spec;
      if (!spec) return undefined;
      const session = sessions.get(doc.uri);
      const live: HoverSession | undefined = session && session.status !== 'loading' ? {
        shape: session.shape,
        snapshot: session.model.snapshot,
        check: session.model.view.gradCheck,
        gradientHistory: (i) => session.model.gradients.historyOf(i),
      } : undefined;
      const computeGradients = `command:backprop.step?${encodeURIComponent(JSON.stringify([doc.uri.toString()]))}`;
      const markdown = hoverMarkdown(doc.getText(), doc.offsetAt(position), spec, live, { computeGradients });
      if (markdown === undefined) return undefined;
      const content = new vscode.MarkdownString(markdown);
      content.isTrusted = { enabledCommands: HOVER_COMMANDS };
      return new vscode.Hover(content);
    },
  });
}
