// Adapts hoverMarkdown to VS Code: hovers over a spec's layers, from the latest valid analysis.
import * as vscode from 'vscode';
import { hoverMarkdown } from './hoverContent';
import { isSpecDocument, type SpecAnalyzer } from './specAnalyzer';

/** Registers the spec hover provider for `*.nn.json` files. */
export function registerHover(analyzer: SpecAnalyzer): vscode.Disposable {
  return vscode.languages.registerHoverProvider({ pattern: '**/*.nn.json' }, {
    provideHover(doc, position) {
      if (!isSpecDocument(doc)) return undefined;
      // Only the current text's own parse maps offsets safely; a stale spec could point at the wrong layer.
      const spec = analyzer.get(doc)?.result.spec;
      if (!spec) return undefined;
      const markdown = hoverMarkdown(doc.getText(), doc.offsetAt(position), spec);
      return markdown === undefined ? undefined : new vscode.Hover(new vscode.MarkdownString(markdown));
    },
  });
}

