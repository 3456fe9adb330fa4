// Collects located problems while a spec is checked, so every check reports and none stops the others.
import { getNodePath } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import type { SpecDocument } from './document';
import type { Problem, Severity } from './types';

export type JsonPath = (string | number)[];

/** A place in the text: a tree node, or an explicit range with its JSON path. */
export type Place = Node | { offset: number; length: number; path: JsonPath };

export class ProblemSink {
  readonly problems: Problem[] = [];
  /** Unknown-field warnings by offset: an error on the same key replaces its warning (one mistake, one problem). */
  private readonly unknownFields = new Map<number, Problem>();

  constructor(private readonly doc: SpecDocument) {}

  error(place: Place, message: string): void {
    const superseded = this.unknownFields.get(place.offset);
    if (superseded?.length === place.length) this.problems.splice(this.problems.indexOf(superseded), 1);
    this.add('error', place, message);
  }

  /** The warning for an unknown field's key; left out when an error already sits on that key, and vice versa. */
  unknownField(key: Place, message: string): void {
    if (this.problems.some((p) => p.severity === 'error' && p.offset === key.offset && p.length === key.length)) return;
    this.unknownFields.set(key.offset, this.add('warning', key, message));
  }

  /** Drops the problems inside `node`: an error that names the one mistake behind them replaces them. */
  retractWithin(node: Node): void {
    const inside = (p: Problem): boolean => p.offset >= node.offset && p.offset < node.offset + node.length;
    for (let i = this.problems.length - 1; i >= 0; i--) if (inside(this.problems[i])) this.problems.splice(i, 1);
    for (const [offset, p] of this.unknownFields) if (inside(p)) this.unknownFields.delete(offset);
  }

  warning(place: Place, message: string): void {
    this.add('warning', place, message);
  }

  /** The source text of a node, as the user wrote it. */
  textOf(node: Node): string {
    return this.doc.text.slice(node.offset, node.offset + node.length);
  }

  get hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }

  private add(severity: Severity, place: Place, message: string): Problem {
    const path = 'type' in place ? getNodePath(place) : place.path;
    const start = this.doc.positionAt(place.offset);
    const end = this.doc.positionAt(place.offset + place.length);
    const problem: Problem = {
      severity,
      message,
      offset: place.offset,
      length: place.length,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      path,
    };
    this.problems.push(problem);
    return problem;
  }
}

/** `layers[0].weights[2]`: how messages name a place. */
export function pathText(path: JsonPath): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s === '' ? seg : `.${seg}`;
  return s === '' ? 'the spec' : s;
}

/** The key node of the property holding `node`, which is where "this field" problems belong. */
export function keyOf(node: Node): Node | undefined {
  const parent = node.parent;
  return parent?.type === 'property' ? parent.children?.[0] : undefined;
}

/** `1 value`, `3 values`: counts in messages read naturally (the shared core's one rule). */
export { plural as count } from '../shared/format';

/** Row-level data problems beyond this many are summed up in one message instead of flooding the editor. */
export const MAX_REPORTS = 5;

/** Reports the first MAX_REPORTS items one by one and the rest as one count. */
export function reportCapped<T>(items: readonly T[], one: (item: T) => void, rest: (count: number) => void): void {
  items.slice(0, MAX_REPORTS).forEach(one);
  if (items.length > MAX_REPORTS) rest(items.length - MAX_REPORTS);
}
