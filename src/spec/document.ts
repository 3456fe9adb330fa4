// One parse of a spec text: the jsonc-parser tree, syntax errors and a line index, cached per text version.
import { createScanner, parseTree, printParseErrorCode, SyntaxKind } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';

/** Deeper nesting than this is refused before parsing: jsonc-parser recurses once per level. */
export const MAX_DEPTH = 256;

export interface Position {
  line: number;
  column: number;
}

/** A parsed spec text; build it with `specDocument` so hovers reuse one parse per text. */
export interface SpecDocument {
  text: string;
  /** Undefined for empty text or when nesting exceeds MAX_DEPTH. */
  root: Node | undefined;
  syntaxErrors: { offset: number; length: number; message: string }[];
  /** 1-based line and column of an offset. */
  positionAt(offset: number): Position;
}

let cached: SpecDocument | undefined;

/** The document for `text`, reusing the last parse when the text is unchanged. */
export function specDocument(text: string): SpecDocument {
  if (cached?.text !== text) cached = buildDocument(text);
  return cached;
}

function buildDocument(text: string): SpecDocument {
  const lineStarts = computeLineStarts(text);
  const positionAt = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const tooDeep = findTooDeep(text);
  if (tooDeep !== undefined) {
    const message = `nesting is deeper than ${MAX_DEPTH} levels; a network spec never needs that`;
    return { text, root: undefined, syntaxErrors: [{ offset: tooDeep, length: 1, message }], positionAt };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const syntaxErrors = errors.map((e) => ({
    offset: e.offset,
    length: e.length,
    message: `JSON syntax error: ${describeParseError(printParseErrorCode(e.error))}`,
  }));
  return { text, root, syntaxErrors, positionAt };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/** The offset where brackets first nest deeper than MAX_DEPTH, skipping strings and comments. */
function findTooDeep(text: string): number | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_DEPTH) return scanner.getTokenOffset();
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** jsonc-parser's codes are identifiers like `CommaExpected`; users read words. */
function describeParseError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.replace(/ expected$/, ' expected here');
}
