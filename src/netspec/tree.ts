// Typed reads from the jsonc-parser tree that tolerate any shape, so checks never throw on bad input.
import type { Node } from 'jsonc-parser';

/** The value node of property `key` when `obj` is an object that has it. */
export function prop(obj: Node | undefined, key: string): Node | undefined {
  if (obj?.type !== 'object') return undefined;
  for (const p of obj.children ?? []) {
    if (p.children?.[0]?.value === key) return p.children[1];
  }
  return undefined;
}

/** The element nodes when `node` is an array, else undefined. */
export function elements(node: Node | undefined): Node[] | undefined {
  return node?.type === 'array' ? (node.children ?? []) : undefined;
}

/** The number when `node` is a finite number literal. */
export function finite(node: Node | undefined): number | undefined {
  return node?.type === 'number' && Number.isFinite(node.value) ? (node.value as number) : undefined;
}

/** The string when `node` is a string literal. */
export function str(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

/** The boolean when `node` is `true` or `false`. */
export function bool(node: Node | undefined): boolean | undefined {
  return node?.type === 'boolean' ? (node.value as boolean) : undefined;
}

/** The integer when `node` is an integral finite number. */
export function int(node: Node | undefined): number | undefined {
  const v = finite(node);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
}

/** A numeric matrix when `node` is an array of arrays of finite numbers, else undefined. */
export function matrix(node: Node | undefined): number[][] | undefined {
  const rows = elements(node);
  if (!rows) return undefined;
  const out: number[][] = [];
  for (const row of rows) {
    const v = vector(row);
    if (!v) return undefined;
    out.push(v);
  }
  return out;
}

/** A numeric vector when `node` is an array of finite numbers, else undefined. */
export function vector(node: Node | undefined): number[] | undefined {
  const items = elements(node);
  if (!items) return undefined;
  const out: number[] = [];
  for (const item of items) {
    const v = finite(item);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}
