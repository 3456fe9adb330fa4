// The schema's editing help reaches every field and value the strict schema knows, wherever it sits, and never
// reports a problem: walked from schema/nn.schema.json itself, so new fields and forms are covered as they land.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { SCHEMA_HELP_MAX_LENGTH, SpecSchemaService } from '../../../../src/extension/language/schemaService';
import type { ParsedSpec } from '../../../../src/extension/language/schemaService';
import strictSchema from '../../../../schema/nn.schema.json';

const root = path.join(__dirname, '../../../../..');

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: unknown[];
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  description?: string;
  markdownDescription?: string;
  markdownEnumDescriptions?: string[];
}

const definitions = (strictSchema as { definitions: Record<string, SchemaNode> }).definitions;

/** A node and every alternative it allows, with local `$ref`s followed. */
function alternatives(node: SchemaNode): SchemaNode[] {
  const resolved = node.$ref ? { ...definitions[node.$ref.replace('#/definitions/', '')], ...node } : node;
  const branches = [...(resolved.oneOf ?? []), ...(resolved.anyOf ?? []), ...(resolved.allOf ?? [])];
  return [resolved, ...branches.flatMap(alternatives)];
}

/** Where a value sits in a document: `wrap(inner)` is the whole text with `inner` in that place. */
interface Site {
  where: string;
  wrap: (inner: string) => string;
}

interface ObjectSite extends Site {
  properties: Record<string, SchemaNode>;
}
interface EnumSite extends Site {
  values: unknown[];
  descriptions?: string[];
}

/** Every object with properties and every enum the schema allows, with a document reaching it. */
function sites(node: SchemaNode, site: Site, objects: ObjectSite[] = [], enums: EnumSite[] = []) {
  for (const alt of alternatives(node)) {
    if (alt.properties) {
      objects.push({ ...site, properties: alt.properties });
      for (const [key, child] of Object.entries(alt.properties))
        sites(
          child,
          { where: `${site.where}.${key}`, wrap: (inner) => site.wrap(`{ "${key}": ${inner} }`) },
          objects,
          enums,
        );
    }
    if (alt.items)
      sites(alt.items, { where: `${site.where}[]`, wrap: (inner) => site.wrap(`[${inner}]`) }, objects, enums);
    if (alt.enum) enums.push({ ...site, values: alt.enum, descriptions: alt.markdownEnumDescriptions });
  }
  return { objects, enums };
}

const { objects, enums } = sites(strictSchema as SchemaNode, { where: 'spec', wrap: (inner) => inner });

let version = 0;
/** The service's reading of `text`, where `|` marks the cursor. */
function atCursor(service: SpecSchemaService, text: string): { spec: ParsedSpec; offset: number } {
  const offset = text.indexOf('|');
  const spec = service.parse('file:///work/x.nn.json', ++version, text.replace('|', ''));
  assert.ok(spec, 'a small spec is parsed');
  return { spec, offset };
}

async function completionLabels(service: SpecSchemaService, text: string): Promise<Map<string, string>> {
  const { spec, offset } = atCursor(service, text);
  const list = await spec.service.doComplete(spec.document, spec.document.positionAt(offset), spec.json);
  const docOf = (d: unknown): string =>
    typeof d === 'string' ? d : ((d as { value?: string } | undefined)?.value ?? '');
  return new Map((list?.items ?? []).map((item) => [item.label, docOf(item.documentation)]));
}

async function hoverText(service: SpecSchemaService, text: string): Promise<string> {
  const { spec, offset } = atCursor(service, text);
  const hover = await spec.service.doHover(spec.document, spec.document.positionAt(offset), spec.json);
  const contents = hover ? (Array.isArray(hover.contents) ? hover.contents : [hover.contents]) : [];
  // Plain-text descriptions reach a hover as markdown, with its punctuation escaped.
  const markdown = contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
}

/** Schema descriptions are markdown; a hover or completion shows that text (its first words suffice). */
function gist(text: string): string {
  return text.slice(0, 24);
}

describe('language/schemaService', () => {
  const service = new SpecSchemaService();

  it('walks a schema with the sites a spec has (the walk itself is sound)', () => {
    const where = objects.map((o) => o.where);
    for (const expected of ['spec', 'spec.layers[]', 'spec.optimizer', 'spec.training', 'spec.data', 'spec.input'])
      assert.ok(where.includes(expected), `${expected} among ${where.join(', ')}`);
    assert.ok(enums.some((e) => e.where === 'spec.layers[].activation'));
    assert.ok(enums.some((e) => e.where === 'spec.loss' || e.where === 'spec.loss.type'));
  });

  it('offers every field of every object the schema describes, with its documentation', async () => {
    for (const site of objects) {
      const offered = await completionLabels(service, site.wrap('{ | }'));
      for (const [key, child] of Object.entries(site.properties)) {
        assert.ok(
          offered.has(key),
          `${site.where}: "${key}" is not offered (offered: ${[...offered.keys()].join(', ')})`,
        );
        const doc = child.markdownDescription ?? child.description;
        if (doc) assert.ok(offered.get(key)?.includes(gist(doc)), `${site.where}.${key}: its documentation`);
      }
    }
  });

  it('offers every value of every enum, each with its own description', async () => {
    for (const site of enums) {
      const offered = await completionLabels(service, site.wrap('|'));
      site.values.forEach((value, i) => {
        const label = JSON.stringify(value);
        assert.ok(
          offered.has(label),
          `${site.where}: ${label} is not offered (offered: ${[...offered.keys()].join(', ')})`,
        );
        const description = site.descriptions?.[i];
        if (description)
          assert.ok(offered.get(label)?.includes(gist(description)), `${site.where}: ${label}'s description`);
      });
    }
  });

  it('documents every field and every enum value on hover', async () => {
    for (const site of objects) {
      for (const [key, child] of Object.entries(site.properties)) {
        const doc = child.markdownDescription ?? child.description;
        if (!doc) continue;
        const text = await hoverText(service, site.wrap(`{ "${key.slice(0, 1)}|${key.slice(1)}": null }`));
        assert.ok(text.includes(gist(doc)), `${site.where}.${key}'s hover reads "${text}"`);
      }
    }
    for (const site of enums) {
      for (const [i, description] of (site.descriptions ?? []).entries()) {
        const value = JSON.stringify(site.values[i]);
        const text = await hoverText(service, site.wrap(`${value.slice(0, 1)}|${value.slice(1)}`));
        assert.ok(text.includes(gist(description)), `${site.where} = ${value}'s hover reads "${text}"`);
      }
    }
  });

  it('is never asked for problems: the broken example, comments and all, yields none from it', async () => {
    const text = fs.readFileSync(path.join(root, 'examples', 'broken.nn.json'), 'utf8');
    const spec = service.parse('file:///work/broken.nn.json', ++version, text);
    assert.ok(spec);
    assert.deepStrictEqual(await spec.service.doValidation(spec.document, spec.json), []);
  });

  it('reuses a parse until the version changes, forgets closed specs and skips texts past its size limit', () => {
    const uri = 'file:///work/cache.nn.json';
    const first = service.parse(uri, 1, '{ "input": 2 }');
    assert.strictEqual(service.parse(uri, 1, '{ "input": 2 }'), first);
    const second = service.parse(uri, 2, '{ "input": 3 }');
    assert.notStrictEqual(second, first);
    assert.strictEqual(second?.document.getText(), '{ "input": 3 }');
    service.forget(uri);
    assert.notStrictEqual(service.parse(uri, 2, '{ "input": 3 }'), second);
    const huge = `{ "name": "${'x'.repeat(SCHEMA_HELP_MAX_LENGTH)}" }`;
    assert.strictEqual(service.parse('file:///work/huge.nn.json', 1, huge), undefined);
  });

  it('reads every spec with its own schema, whatever "$schema" the spec names', async () => {
    const offered = await completionLabels(
      service,
      '{ "$schema": "https://example.invalid/other.json", "training": { | } }',
    );
    assert.ok(offered.has('epochs') && offered.has('batchSize'), [...offered.keys()].join(', '));
  });
});
