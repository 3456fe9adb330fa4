// Minimal text edits that write trained weights back into a spec, keeping its formatting and comments.
import { findNodeAtLocation } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import schema from '../../schema/nn.schema.json';
import { specDocument } from './document';
import { elements, prop } from './tree';
import type { TextEdit } from './types';

export interface LayerValues {
  /** Named in messages when given. */
  name?: string;
  weights: number[][];
  biases: number[];
}

/** The largest |weight| or |bias| a spec may hold: the schema's `param` bound, which the parser enforces. */
export const MAX_PARAM_MAGNITUDE: number = schema.definitions.param.maximum;

/** Unwritable values beyond this many are counted, not listed. */
const MAX_LISTED = 3;

/**
 * Why `layers` cannot be written into a spec (a value `backprop check` would refuse once written: non-finite, or
 * beyond ±MAX_PARAM_MAGNITUDE after rounding to `digits`), or undefined when every value can.
 */
export function unwritableReason(layers: LayerValues[], digits?: number): string | undefined {
  const bad: string[] = [];
  let count = 0;
  layers.forEach((layer, l) => {
    const where = `layers[${l}]${layer.name === undefined ? '' : ` "${layer.name}"`}`;
    // NOTE: rounding is monotone and the bound (1e6) has one significant digit, so rounding never lifts a value
    // within it past it; only values beyond it are formatted, to see whether rounding brings them back.
    const check = (v: number, at: string): void => {
      const a = Math.abs(v);
      if (
        a <= MAX_PARAM_MAGNITUDE ||
        (a < Infinity && Math.abs(Number(formatNumber(v, digits))) <= MAX_PARAM_MAGNITUDE)
      )
        return;
      if (count++ < MAX_LISTED) bad.push(`${where}.${at} is ${beyondBound(v)}`);
    };
    layer.weights.forEach((row, r) => row.forEach((v, c) => check(v, `weights[${r}][${c}]`)));
    layer.biases.forEach((v, r) => check(v, `biases[${r}]`));
  });
  if (count === 0) return undefined;
  const more = count > bad.length ? ` and ${count - bad.length} more` : '';
  const limit = MAX_PARAM_MAGNITUDE.toExponential().replace('e+', 'e');
  return (
    `${bad.join(', ')}${more}; a spec holds only finite numbers within ±${limit} (\`backprop check\` would refuse ` +
    'the file)'
  );
}

/** A value past the bound, short, but never rounded back onto it (1000000.4 is not shown as 1.000e+6). */
function beyondBound(v: number): string {
  const short = v.toExponential(3);
  return !Number.isFinite(v) || Math.abs(Number(short)) > MAX_PARAM_MAGNITUDE ? short : String(v);
}

/**
 * Edits that make the spec hold `layers`' values: only changed number tokens are rewritten where the spec already
 * has arrays of the right shape; otherwise `weights`/`biases` are inserted (or replaced) in the file's own indentation.
 * `digits` 0 or undefined writes each number exactly (shortest round-trip form). Throws when `unwritableReason` finds a
 * value the spec cannot hold: callers ask it first.
 */
export function weightEdits(text: string, layers: LayerValues[], options: { digits?: number } = {}): TextEdit[] {
  const refused = unwritableReason(layers, options.digits);
  if (refused) throw new Error(`weightEdits: ${refused}`);
  const root = specDocument(text).root;
  const style = inferStyle(text);
  const num = (v: number, where: string): string => formatNumber(v, options.digits, where);
  const edits: TextEdit[] = [];
  layers.forEach((layer, l) => {
    const layerNode = root && findNodeAtLocation(root, ['layers', l]);
    if (layerNode?.type !== 'object') throw new Error(`weightEdits: the spec has no layer object at layers[${l}]`);
    const weightsText = layer.weights.map((row, r) => row.map((v, c) => num(v, `layers[${l}].weights[${r}][${c}]`)));
    const biasesText = layer.biases.map((v, r) => num(v, `layers[${l}].biases[${r}]`));
    const compact = isCompact(layerNode, text);
    const missing: [string, string[][] | string[]][] = [];
    for (const [key, values] of [
      ['weights', weightsText],
      ['biases', biasesText],
    ] as const) {
      const node = prop(layerNode, key);
      const numbers = node && tokensIfShaped(node, values);
      if (numbers) for (const e of changedNumbers(numbers, values.flat())) edits.push(e);
      else if (node)
        edits.push({
          offset: node.offset,
          length: node.length,
          newText: valueText(values, compact, style, lineIndent(text, node.offset)),
        });
      else missing.push([key, values]);
    }
    if (missing.length > 0) edits.push(insertion(text, layerNode, missing, compact, style));
  });
  return edits;
}

/** Applies edits made against `text` (non-overlapping; inserts at one offset keep their order). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.offset - b.e.offset || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { e } of sorted) {
    if (e.offset < at) throw new Error(`applyTextEdits: edits overlap at offset ${e.offset}`);
    out += text.slice(at, e.offset) + e.newText;
    at = e.offset + e.length;
  }
  return out + text.slice(at);
}

/**
 * Shortest round-trip text by default and for `digits` 0 (bit-exact), else `digits` significant digits; -0 keeps its
 * sign.
 */
export function formatNumber(v: number, digits: number | undefined, where = 'value'): string {
  if (!Number.isFinite(v))
    throw new Error(`weightEdits: ${where} is ${v}; only finite numbers can be written to a spec`);
  if (Object.is(v, -0)) return '-0';
  return digits === undefined || digits === 0
    ? String(v)
    : String(Number(v.toPrecision(Math.min(Math.max(Math.round(digits), 1), 100))));
}

/** The number nodes in row order when `node` has exactly the shape of `values`, else undefined. */
function tokensIfShaped(node: Node, values: string[][] | string[]): Node[] | undefined {
  const items = elements(node);
  if (!items || items.length !== values.length) return undefined;
  const out: Node[] = [];
  for (let i = 0; i < items.length; i++) {
    const want = values[i];
    const got = typeof want === 'string' ? [items[i]] : elements(items[i]);
    if (!got || (typeof want !== 'string' && got.length !== want.length) || got.some((n) => n.type !== 'number'))
      return undefined;
    for (const n of got) out.push(n);
  }
  return out;
}

function changedNumbers(nodes: Node[], texts: string[]): TextEdit[] {
  return nodes.flatMap((node, i) =>
    Object.is(node.value, Number(texts[i])) ? [] : [{ offset: node.offset, length: node.length, newText: texts[i] }],
  );
}

interface Style {
  eol: string;
  unit: string;
}

/**
 * The file's end-of-line and indentation unit (tabs, or the smallest space indent; two spaces when unknown).
 * NOTE: no spreading of per-line or per-weight arrays into calls in this file: large specs would overflow the stack.
 */
function inferStyle(text: string): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (/^\t/m.test(text)) return { eol, unit: '\t' };
  const widths = [...text.matchAll(/^( +)\S/gm)].map((m) => m[1].length);
  return { eol, unit: ' '.repeat(widths.length > 0 ? widths.reduce((a, b) => Math.min(a, b)) : 2) };
}

function lineIndent(text: string, offset: number): string {
  const start = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/** A compact layer object (all on one line) gets compact values; otherwise one weight row per line. */
function isCompact(layerNode: Node, text: string): boolean {
  return !text.slice(layerNode.offset, layerNode.offset + layerNode.length).includes('\n');
}

function valueText(values: string[][] | string[], compact: boolean, style: Style, indent: string): string {
  const row = (r: string[]): string => `[${r.join(', ')}]`;
  if (values.length === 0 || typeof values[0] === 'string') return row(values as string[]);
  const rows = (values as string[][]).map(row);
  if (compact) return `[${rows.join(', ')}]`;
  return `[${style.eol}${rows.map((r) => indent + style.unit + r).join(`,${style.eol}`)}${style.eol}${indent}]`;
}

/** One insert after the layer's last property, laid out like its neighbours. */
function insertion(
  text: string,
  layerNode: Node,
  props: [string, string[][] | string[]][],
  compact: boolean,
  style: Style,
): TextEdit {
  const last = layerNode.children?.[layerNode.children.length - 1];
  const indent = last ? lineIndent(text, last.offset) : lineIndent(text, layerNode.offset) + style.unit;
  const sep = compact ? ' ' : style.eol + indent;
  const body = props.map(([key, values]) => `"${key}": ${valueText(values, compact, style, indent)}`).join(`,${sep}`);
  return last
    ? { offset: last.offset + last.length, length: 0, newText: `,${sep}${body}` }
    : {
        offset: layerNode.offset + 1,
        length: 0,
        newText: compact ? ` ${body} ` : `${sep}${body}${style.eol}${lineIndent(text, layerNode.offset)}`,
      };
}
