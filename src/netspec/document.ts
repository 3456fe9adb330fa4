// One parse of a spec text: the jsonc-parser tree, syntax errors and a line index, cached per text version.
import { createScanner, parseTree, printParseErrorCode, SyntaxKind } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';

/** Deeper nesting than this is refused before parsing: jsonc-parser recurses once per level. */
export const MAX_DEPTH = 256;

/**
 * Longer texts are refused before parsing: the tree costs ~30 bytes of memory per byte of text, so a 100 MB spec
 * would take seconds and gigabytes in the editor. Large data sets belong in a CSV file.
 */
export const MAX_TEXT_LENGTH = 10_000_000;

/** Syntax errors beyond this many are summed up in one: a file that is not JSON at all would flood the editor. */
const MAX_SYNTAX_ERRORS = 20;

/** JSON has no literal for these, but JavaScript users write them; each gets its own message instead of a cascade. */
const NON_FINITE = /^[+-]?(NaN|Infinity)$/;

export interface Position {
  line: number;
  column: number;
}

/** A parsed spec text; build it with `specDocument` so hovers reuse one parse per text. */
export interface SpecDocument {
  text: string;
  /** Undefined for empty text, and for text refused before parsing (too long, not text, nested too deeply). */
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
  const refused = (offset: number, length: number, message: string): SpecDocument => ({
    text,
    root: undefined,
    syntaxErrors: [{ offset, length, message }],
    positionAt,
  });
  if (text.length > MAX_TEXT_LENGTH) {
    return refused(
      MAX_TEXT_LENGTH,
      text.length - MAX_TEXT_LENGTH,
      `the spec is ${megabytes(text.length)} long, more than the ${megabytes(MAX_TEXT_LENGTH)} a spec may hold ` +
        `(the excess starts here); ` +
        'put large data sets in a CSV file ("data": { "csv": "…", "targetColumns": […] })',
    );
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    return refused(
      nul,
      1,
      'this file is not text (it holds a NUL byte here); a spec is JSON text: is it the right file?',
    );
  }
  const tooDeep = findTooDeep(text);
  if (tooDeep !== undefined)
    return refused(tooDeep, 1, `nesting is deeper than ${MAX_DEPTH} levels; a network spec never needs that`);
  const { clean, nonFinite } = replaceNonFinite(text);
  const errors: ParseError[] = [];
  const root = parseTree(clean, errors, { allowTrailingComma: true, disallowComments: false });
  // Nothing but whitespace and comments: "the spec is empty" says it all, without a "value expected" beside it.
  if (!root && createScanner(clean, true).scan() === SyntaxKind.EOF)
    return { text, root, syntaxErrors: [], positionAt };
  const syntaxErrors = [
    ...nonFinite,
    ...errors.map((e) => ({
      offset: e.offset,
      length: e.length,
      message: `JSON syntax error: ${describeParseError(printParseErrorCode(e.error))}`,
    })),
  ].sort((a, b) => a.offset - b.offset);
  if (syntaxErrors.length > MAX_SYNTAX_ERRORS) {
    const rest = syntaxErrors.splice(MAX_SYNTAX_ERRORS);
    syntaxErrors.push({
      ...rest[0],
      message: `${rest.length} more JSON syntax errors from here on; is this a spec file?`,
    });
  }
  return { text, root, syntaxErrors, positionAt };
}

/**
 * The text as jsonc-parser should see it: a leading byte order mark becomes a space, and NaN/Infinity tokens become
 * zeros of the same length (offsets stay exact, and the rest of the spec is still checked) with one error each.
 */
function replaceNonFinite(text: string): {
  clean: string;
  nonFinite: { offset: number; length: number; message: string }[];
} {
  let clean = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const nonFinite: { offset: number; length: number; message: string }[] = [];
  const scanner = createScanner(clean, false);
  let pendingSign: number | undefined;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const token = scanner.getTokenValue();
    if (kind === SyntaxKind.Unknown && token === '-') {
      pendingSign = offset;
      continue;
    }
    if (kind === SyntaxKind.Unknown && NON_FINITE.test(token)) {
      const start = pendingSign === offset - 1 ? pendingSign : offset;
      const length = offset + token.length - start;
      clean = clean.slice(0, start) + '0.'.padEnd(length, '0') + clean.slice(start + length);
      const literal = text.slice(start, start + length);
      nonFinite.push({
        offset: start,
        length,
        message: `${literal} is not a number JSON can hold; every number in a spec must be finite`,
      });
    }
    pendingSign = undefined;
  }
  return { clean, nonFinite };
}

function megabytes(chars: number): string {
  return `${(chars / 1e6).toFixed(chars < 1e7 ? 1 : 0)} MB`;
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
