// Checks a spec tree against schema/nn.schema.json and turns the schema's errors into located, readable problems.
import type { ErrorObject } from 'ajv';
import { findNodeAtLocation, getNodeValue } from 'jsonc-parser';
import type { Node } from 'jsonc-parser';
import { keyOf, pathText } from '../problems';
import type { JsonPath, ProblemSink } from '../problems';
// NOTE: ajv compiled the schema at build time (scripts/build-schema-validator.js): neither ajv nor the compile is
// loaded when the extension activates.
import { validateSpec } from './validator';
import { didYouMean, fieldHint, suggestField, suggestName } from './suggest';

interface SchemaPart {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  required?: string[];
  properties?: Record<string, unknown>;
  oneOf?: SchemaPart[];
}

/** Reports every schema violation under `root`: unknown fields as warnings, the rest as errors. */
export function checkSchema(root: Node, sink: ProblemSink): void {
  if (validateSpec(getNodeValue(root))) return;
  for (const e of selectErrors(validateSpec.errors ?? [])) report(root, e, sink);
}

/**
 * Keeps the errors a user should read: one branch of a failed oneOf, one type error per place, no noise on non-finite
 * numbers.
 */
function selectErrors(errors: ErrorObject[]): ErrorObject[] {
  let kept = errors.filter((e) => !(typeof e.data === 'number' && !Number.isFinite(e.data)));
  for (const one of kept.filter((e) => e.keyword === 'oneOf')) {
    const branch = chosenBranch(one);
    const inside = (e: ErrorObject): boolean => e.schemaPath.startsWith(`${one.schemaPath}/`);
    kept = kept.filter((e) => {
      if (e === one) return branch === undefined;
      if (!inside(e)) return true;
      return branch !== undefined && e.schemaPath.startsWith(`${one.schemaPath}/${branch}/`);
    });
  }
  const typed = new Set(kept.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return kept.filter((e) => e.keyword === 'type' || !typed.has(e.instancePath));
}

/**
 * The one oneOf branch the value was evidently meant for, if any: the only one of its JSON type, or among several
 * object branches the only one whose required keys are all present.
 */
function chosenBranch(e: ErrorObject): number | undefined {
  const branches = (e.parentSchema as SchemaPart).oneOf ?? [];
  const data: unknown = e.data;
  let fits = branches.map((b, i) => ({ b, i })).filter(({ b }) => typeMatches(b.type, data));
  if (fits.length > 1) fits = fits.filter(({ b }) => !isObject(data) || (b.required ?? []).every((k) => k in data));
  return fits.length === 1 ? fits[0].i : undefined;
}

function report(root: Node, e: ErrorObject, sink: ProblemSink): void {
  const path = toPath(root, e.instancePath);
  const node = findNodeAtLocation(root, path) ?? root;
  const where = pathText(path);
  const p = e.params as Record<string, unknown>;
  const parent = e.parentSchema as SchemaPart;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const valueNode = findNodeAtLocation(root, [...path, name]) ?? node;
      const hint = fieldHint(name, path, Object.keys(parent.properties ?? {}), sink.textOf(valueNode));
      sink.unknownField(keyOf(valueNode) ?? node, `unknown field "${name}" ${scopeText(path)}${hint}`);
      return;
    }
    case 'required': {
      const missing = String(p.missingProperty);
      const misspelt = misspelling(node, missing, path, Object.keys(parent.properties ?? {}));
      if (misspelt) {
        sink.error(
          misspelt,
          `unknown field "${String(misspelt.value)}" ${scopeText(path)}; did you mean "${missing}"? (it is required ` +
            `and missing)`,
        );
        return;
      }
      const place = keyOf(node) ?? { offset: node.offset, length: 1, path };
      sink.error(place, `${where} is missing the required field "${missing}"`);
      return;
    }
    case 'type':
      sink.error(
        node,
        `${where} must be ${typeName(parent.type)}, found ${describe(e.data)}${unquoteHint(e.data, [parent])}` +
          typeObjectHint(e.data, parent),
      );
      return;
    case 'enum': {
      const options = (parent.enum ?? []).map((v) => JSON.stringify(v));
      const hint = typeof e.data === 'string' ? didYouMean(e.data, (parent.enum ?? []).map(String)) : '';
      sink.error(node, `${where} must be one of ${options.join(', ')}, found ${describe(e.data)}${hint}`);
      return;
    }
    case 'oneOf':
      sink.error(
        node,
        `${where} must be ${(parent.oneOf ?? []).map(describeBranch).join(' or ')}, found ` +
          `${describe(e.data)}${unquoteHint(e.data, parent.oneOf ?? [])}`,
      );
      return;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      sink.error(node, `${where} must be ${String(p.comparison)} ${String(p.limit)}, found ${describe(e.data)}`);
      return;
    case 'minItems':
      sink.error(node, `${where} must have at least ${String(p.limit)} item(s), found ${(e.data as unknown[]).length}`);
      return;
    default:
      sink.error(node, `${where} ${e.message ?? 'is invalid'}`);
  }
}

function scopeText(path: JsonPath): string {
  return path.length === 0 ? 'at the top level' : `in ${pathText(path)}`;
}

/** The key of an unknown field of `object` that stands for the missing field `missing`, if any. */
function misspelling(object: Node, missing: string, path: JsonPath, known: string[]): Node | undefined {
  const keys = (object.children ?? []).flatMap((p) => p.children?.[0] ?? []);
  return keys.find((k) => !known.includes(String(k.value)) && suggestField(String(k.value), path, known) === missing);
}

/** ajv's JSON pointer as a jsonc-parser path (array indices as numbers). */
function toPath(root: Node, pointer: string): JsonPath {
  const path: JsonPath = [];
  let node: Node | undefined = root;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = node?.type === 'array' ? Number(seg) : seg;
    path.push(key);
    node = node && findNodeAtLocation(node, [key]);
  }
  return path;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeMatches(type: string | string[] | undefined, v: unknown): boolean {
  const types = type === undefined ? [] : Array.isArray(type) ? type : [type];
  return types.some((t) => {
    if (t === 'integer' || t === 'number') return typeof v === 'number';
    if (t === 'array') return Array.isArray(v);
    if (t === 'object') return isObject(v);
    if (t === 'null') return v === null;
    return typeof v === t;
  });
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
};

function typeName(type: string | string[] | undefined): string {
  const types = type === undefined ? [] : Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_NAMES[t] ?? t).join(' or ');
}

function describeBranch(b: SchemaPart): string {
  if (b.enum) return b.enum.map((v) => JSON.stringify(v)).join(', ');
  if (b.type === 'object' && b.required?.length === 1) return `{ "${b.required[0]}": … }`;
  const bound = b.minimum === undefined ? '' : ` ≥ ${b.minimum}`;
  return `${typeName(b.type)}${bound}`;
}

/** A number written as a string ("2") where a number belongs is a common slip; say how to fix it. */
function unquoteHint(v: unknown, expected: SchemaPart[]): string {
  const wantsNumber = expected.some((b) => typeMatches(b.type, 0));
  return wantsNumber && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
    ? ` (write the number without quotes: ${v.trim()})`
    : '';
}

/**
 * A name where an object with that name as its "type" belongs (Keras' `optimizer="adam"`): say how to write it.
 */
function typeObjectHint(v: unknown, expected: SchemaPart): string {
  const types = (expected.properties?.type as SchemaPart | undefined)?.enum;
  const meant = typeof v === 'string' && types ? suggestName(v, types.map(String)) : undefined;
  return meant ? ` (write { "type": "${meant.name}" }${meant.also ?? ''})` : '';
}

/** How a found value reads in a message: strings quoted, short numbers as written, containers by kind. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;
}
