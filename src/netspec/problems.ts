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

  constructor(private readonly doc: SpecDocument) {}

  error(place: Place, message: string): void {
    this.add('error', place, message);
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

  private add(severity: Severity, place: Place, message: string): void {
    const path = 'type' in place ? getNodePath(place) : place.path;
    const start = this.doc.positionAt(place.offset);
    const end = this.doc.positionAt(place.offset + place.length);
    this.problems.push({
      severity,
      message,
      offset: place.offset,
      length: place.length,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      path,
    });
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

/** `1 value`, `3 values`: counts in messages read naturally. */
export function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
