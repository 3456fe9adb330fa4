// The spec schema's editing help (completions, hover documentation, outline, folding, smart selection, formatting)
// from vscode-json-languageservice, the library behind VS Code's own JSON support, run in the extension host. No
// `vscode` import: esbuild bundles it alone (dist/schemaService.js), and unit tests run it as it is.
// NOTE: specs are deliberately not served by VS Code's JSON language server: it reports every syntax error and
// duplicate key of the documents it serves (and every comment, for any language but jsonc), so each such mistake
// would be listed twice beside Backprop Studio's own diagnostic. This service is never asked to validate.
import { ClientCapabilities, getLanguageService, TextDocument } from 'vscode-json-languageservice';
import type { JSONDocument, JSONSchema, LanguageService } from 'vscode-json-languageservice';
import schema from '../../../schema/nn.schema.json';

/**
 * Longer spec texts get no schema help: the service parses the whole text on this thread, about 0.7 s per MB on a
 * busy 2-core machine, once per edit (the outline asks after every change). Such specs are inline data sets, where
 * completions have nothing to offer; their diagnostics, hovers and lenses are unaffected.
 */
export const SCHEMA_HELP_MAX_LENGTH = 500_000;

const SCHEMA_URI = 'backprop-studio:/schema/nn.schema.json';

/** One spec text as the service reads it, and the service to ask about it. */
export interface ParsedSpec {
  service: LanguageService;
  document: TextDocument;
  json: JSONDocument;
}

export class SpecSchemaService {
  readonly service: LanguageService;
  private readonly parsed = new Map<string, { version: number; spec: ParsedSpec }>();

  constructor() {
    this.service = getLanguageService({
      // A spec's own "$schema" is for other editors: whatever it names, a spec is read with Backprop Studio's schema.
      schemaRequestService: () => Promise.resolve(JSON.stringify(schema)),
      clientCapabilities: ClientCapabilities.LATEST,
    });
    this.service.configure({
      validate: false,
      allowComments: true,
      schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: schema as JSONSchema }],
    });
  }

  /** The parse of a spec at `version`, reused until the version changes; undefined past the size limit. */
  parse(uri: string, version: number, text: string): ParsedSpec | undefined {
    if (text.length > SCHEMA_HELP_MAX_LENGTH) return undefined;
    const cached = this.parsed.get(uri);
    if (cached?.version === version) return cached.spec;
    const document = TextDocument.create(uri, 'jsonc', version, text);
    const spec = { service: this.service, document, json: this.service.parseJSONDocument(document) };
    this.parsed.set(uri, { version, spec });
    return spec;
  }

  /** Drops a closed spec's parse (a reopened document starts again at version 1). */
  forget(uri: string): void {
    this.parsed.delete(uri);
  }
}
