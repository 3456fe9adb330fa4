// The language service answers in the Language Server Protocol's shapes; VS Code's API wants its own classes.
import * as vscode from 'vscode';
import type * as lsp from 'vscode-json-languageservice';

// NOTE: the protocol's constants, typed against it: importing its values would pull the whole service into the
// extension's bundle, which loads it only on first use.
const SNIPPET: typeof lsp.InsertTextFormat.Snippet = 2;
const MARKDOWN: typeof lsp.MarkupKind.Markdown = 'markdown';

export function toRange(range: lsp.Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function toMarkdown(value: string | lsp.MarkupContent | lsp.MarkedString): vscode.MarkdownString | string {
  if (typeof value === 'string') return new vscode.MarkdownString(value);
  if ('kind' in value) return value.kind === MARKDOWN ? new vscode.MarkdownString(value.value) : value.value;
  return new vscode.MarkdownString().appendCodeblock(value.value, value.language);
}

function toCompletionItem(item: lsp.CompletionItem): vscode.CompletionItem {
  const label = item.labelDetails ? { label: item.label, ...item.labelDetails } : item.label;
  // NOTE: the protocol's kinds count from 1, VS Code's from 0.
  const result = new vscode.CompletionItem(label, item.kind === undefined ? undefined : item.kind - 1);
  const edit = item.textEdit;
  const text = edit?.newText ?? item.insertText;
  if (text !== undefined) result.insertText = item.insertTextFormat === SNIPPET ? new vscode.SnippetString(text) : text;
  if (edit) result.range = 'range' in edit ? toRange(edit.range) : toRange(edit.replace);
  if (item.documentation !== undefined) result.documentation = toMarkdown(item.documentation);
  result.detail = item.detail;
  result.sortText = item.sortText;
  result.filterText = item.filterText;
  result.commitCharacters = item.commitCharacters;
  if (item.command) result.command = { title: item.command.title, command: item.command.command };
  return result;
}

export function toCompletionList(list: lsp.CompletionList): vscode.CompletionList {
  return new vscode.CompletionList(list.items.map(toCompletionItem), list.isIncomplete);
}

export function toHover(hover: lsp.Hover): vscode.Hover {
  const contents = Array.isArray(hover.contents) ? hover.contents : [hover.contents];
  return new vscode.Hover(contents.map(toMarkdown), hover.range && toRange(hover.range));
}

export function toDocumentSymbol(symbol: lsp.DocumentSymbol): vscode.DocumentSymbol {
  const result = new vscode.DocumentSymbol(
    symbol.name,
    symbol.detail ?? '',
    symbol.kind - 1,
    toRange(symbol.range),
    toRange(symbol.selectionRange),
  );
  result.children = (symbol.children ?? []).map(toDocumentSymbol);
  return result;
}

const FOLDING_KINDS: Record<string, vscode.FoldingRangeKind> = {
  comment: vscode.FoldingRangeKind.Comment,
  imports: vscode.FoldingRangeKind.Imports,
  region: vscode.FoldingRangeKind.Region,
};

export function toFoldingRange(range: lsp.FoldingRange): vscode.FoldingRange {
  return new vscode.FoldingRange(range.startLine, range.endLine, range.kind ? FOLDING_KINDS[range.kind] : undefined);
}

export function toSelectionRange(range: lsp.SelectionRange): vscode.SelectionRange {
  return new vscode.SelectionRange(toRange(range.range), range.parent && toSelectionRange(range.parent));
}

export function toTextEdit(edit: lsp.TextEdit): vscode.TextEdit {
  return vscode.TextEdit.replace(toRange(edit.range), edit.newText);
}
