// Registers the schema's editing help for the spec language: completions, hover documentation, outline, folding,
// smart selection and formatting.
import * as vscode from 'vscode';
import { lazyBundle } from '../platform/bundles';
import { toCompletionList, toDocumentSymbol, toFoldingRange, toHover, toSelectionRange, toTextEdit } from './lspTypes';
import type { ParsedSpec, SpecSchemaService } from './schemaService';

/** The language id of `*.nn.json` files (package.json contributes it). */
export const SPEC_LANGUAGE = 'nn-json';

/** What VS Code's JSON support computes at most per document (its `json.maxItemsComputed` default). */
const MAX_ITEMS = 5000;

/**
 * Registers the providers at once but loads the language service (its own bundle, dist/schemaService.js) on their
 * first call: it is a seventh of a megabyte of JavaScript that every activation would otherwise have to compile.
 */
export function registerSchemaFeatures(extensionUri: vscode.Uri): vscode.Disposable {
  const bundle = lazyBundle<typeof import('./schemaService')>(extensionUri, 'schemaService');
  let loaded: SpecSchemaService | undefined;
  const schema = (): SpecSchemaService => (loaded ??= new (bundle().SpecSchemaService)());
  const parse = (doc: vscode.TextDocument): ParsedSpec | undefined =>
    schema().parse(doc.uri.toString(), doc.version, doc.getText());
  const format = (doc: vscode.TextDocument, range: vscode.Range | undefined, options: vscode.FormattingOptions) => {
    const spec = parse(doc);
    if (!spec) return undefined;
    const insertFinalNewline = vscode.workspace.getConfiguration('files', doc).get<boolean>('insertFinalNewline');
    // Line breaks stay where the user put them: a weight matrix or a data set keeps one row per line.
    return spec.service
      .format(spec.document, range, { ...options, insertFinalNewline, keepLines: true })
      .map(toTextEdit);
  };
  const selector: vscode.DocumentSelector = { language: SPEC_LANGUAGE };
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        async provideCompletionItems(doc, position) {
          const spec = parse(doc);
          const list = spec && (await spec.service.doComplete(spec.document, position, spec.json));
          return list ? toCompletionList(list) : undefined;
        },
      },
      // What VS Code's JSON support triggers on: the start of a key or of a value.
      '"',
      ':',
    ),
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(doc, position) {
        const spec = parse(doc);
        const hover = spec && (await spec.service.doHover(spec.document, position, spec.json));
        return hover ? toHover(hover) : undefined;
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(selector, {
      provideDocumentSymbols(doc) {
        const spec = parse(doc);
        const symbols = spec?.service.findDocumentSymbols2(spec.document, spec.json, { resultLimit: MAX_ITEMS });
        return symbols?.map(toDocumentSymbol);
      },
    }),
    vscode.languages.registerFoldingRangeProvider(selector, {
      provideFoldingRanges(doc) {
        const spec = parse(doc);
        return spec?.service.getFoldingRanges(spec.document, { rangeLimit: MAX_ITEMS }).map(toFoldingRange);
      },
    }),
    vscode.languages.registerSelectionRangeProvider(selector, {
      provideSelectionRanges(doc, positions) {
        const spec = parse(doc);
        return spec?.service.getSelectionRanges(spec.document, [...positions], spec.json).map(toSelectionRange);
      },
    }),
    vscode.languages.registerDocumentFormattingEditProvider(selector, {
      provideDocumentFormattingEdits: (doc, options) => format(doc, undefined, options),
    }),
    vscode.languages.registerDocumentRangeFormattingEditProvider(selector, {
      provideDocumentRangeFormattingEdits: (doc, range, options) => format(doc, range, options),
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => loaded?.forget(doc.uri.toString())),
  );
}
