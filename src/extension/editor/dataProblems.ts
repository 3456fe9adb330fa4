// What a spec's data check depends on, and its problems merged into the host's header-only parse of the current text.
// Pure: no VS Code.
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { keyOf, ProblemSink, specDocument } from '../../netspec/index';
import type { ParseResult } from '../../netspec/types';
import type { DataCheckInfo, SpecProblemInfo } from '../../protocol';

/** A settled data check of `text`: what the worker found, or why it could not check. */
export type DataCheckResult = { text: string; info: DataCheckInfo } | { text: string; error: string };

/** Spec fields no data check reads: editing them (write-back, renaming the network) keeps the check's result. */
const IGNORED = new Set(['name', 'layers.*.weights', 'layers.*.biases']);

/**
 * The key a data check's result is cached under: the data files' stamps (path, size, modification time) and every
 * value of the spec a check can read, so reformatting, comments, weights and the name change nothing.
 */
export function dataCheckKey(text: string, stamps: readonly string[]): string {
  const root = specDocument(text).root;
  return JSON.stringify([stamps, root ? canonical(root, '') : null]);
}

function canonical(node: Node, where: string): string {
  if (node.type === 'object') {
    const fields: string[] = [];
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || !value) continue;
      const name = String(key.value);
      const path = where === '' ? name : `${where}.${name}`;
      if (!IGNORED.has(path)) fields.push(`${JSON.stringify(name)}:${canonical(value, path)}`);
    }
    return `{${fields.join(',')}}`;
  }
  if (node.type === 'array') {
    // Array items share one pattern name (`layers.*`): which item is ignored never depends on its index.
    return `[${(node.children ?? []).map((item) => canonical(item, `${where}.*`)).join(',')}]`;
  }
  return JSON.stringify(node.value ?? null);
}

/**
 * `result` (a header-only parse of `text`) with the data check's problems added, each placed where its JSON path is in
 * `text` (the check may have read an earlier text with the same key); `spec` goes when they include errors. A check
 * that failed is a warning on the `data` field.
 */
export function withDataCheck(result: ParseResult, text: string, check: DataCheckResult): ParseResult {
  // NOTE: the checked text first: specDocument keeps the last text parsed, which hovers then find ready.
  const from = check.text === text ? undefined : specDocument(check.text).root;
  const doc = specDocument(text);
  const sink = new ProblemSink(doc);
  const seen = new Set(result.problems.map(sameness));
  const add = (p: SpecProblemInfo | undefined): void => {
    if (!p || seen.has(sameness(p))) return;
    seen.add(sameness(p));
    if (p.severity === 'error') sink.error(p, p.message);
    else sink.warning(p, p.message);
  };
  if ('error' in check) {
    const data = nodeAt(doc.root, ['data']);
    const place = (data && keyOf(data)) ?? data;
    add({
      severity: 'warning',
      message: `The data file's contents could not be checked: ${check.error}`,
      offset: place?.offset ?? 0,
      length: place?.length ?? 0,
      path: ['data'],
    });
  } else for (const p of check.info.problems) add(from === undefined ? p : relocate(p, from, doc.root));
  const problems = [...result.problems, ...sink.problems].sort((a, b) => a.offset - b.offset);
  const merged: ParseResult = { problems };
  if (result.spec && !problems.some((p) => p.severity === 'error')) {
    const classNames = 'info' in check ? check.info.classNames : undefined;
    merged.spec = classNames ? { ...result.spec, classNames } : result.spec;
  }
  return merged;
}

/** Two reports of the same problem: one severity, place and message. */
function sameness(p: SpecProblemInfo): string {
  return JSON.stringify([p.severity, p.path, p.message]);
}

/**
 * The problem moved from the tree `from` to the same JSON path in `to`: on the key if it sat on the key, on the value
 * otherwise (at the same distance into it). Undefined when the path is gone.
 */
function relocate(p: SpecProblemInfo, from: Node | undefined, to: Node | undefined): SpecProblemInfo | undefined {
  const target = nodeAt(to, p.path);
  if (!target) return undefined;
  const source = nodeAt(from, p.path);
  const sourceKey = source && keyOf(source);
  const targetKey = keyOf(target);
  if (sourceKey && targetKey && p.offset === sourceKey.offset)
    return { ...p, offset: targetKey.offset, length: targetKey.length };
  const into = source && p.offset >= source.offset ? Math.min(p.offset - source.offset, target.length) : 0;
  return { ...p, offset: target.offset + into, length: Math.min(p.length, target.length - into) };
}

function nodeAt(root: Node | undefined, path: (string | number)[]): Node | undefined {
  return root && (path.length === 0 ? root : findNodeAtLocation(root, path));
}
