// Property: random edits of the example specs (delete, insert, replace characters, swap tokens) never make parseSpec
// throw.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { parseSpec } from '../../../src/netspec';
import { nodeSpecHost } from '../../../src/node/specFiles';
import { SEED } from './arbitraries';

const RUNS = 1500;
const examples = path.resolve(__dirname, '../../../../examples');
const specs = fs
  .readdirSync(examples)
  .filter((f) => f.endsWith('.nn.json'))
  .map((f) => path.join(examples, f));
const texts = specs.map((f) => fs.readFileSync(f, 'utf8'));

/** Characters that make JSON interesting: structure, number parts, literal letters, comment starts, quotes, NUL. */
const ALPHABET = '{}[]":,0123456789.eE+-truefalsnNIy \n\t/*\\\u0000\uFEFF';

type Edit = { kind: 'delete' | 'insert' | 'replace' | 'swap'; at: number; len: number; char: string; other: number };

/** Token ranges [start, end) of a text, for swaps of whole tokens. */
function tokens(text: string): [number, number][] {
  const s = createScanner(text, true);
  const out: [number, number][] = [];
  for (let k = s.scan(); k !== SyntaxKind.EOF; k = s.scan())
    out.push([s.getTokenOffset(), s.getTokenOffset() + s.getTokenLength()]);
  return out;
}

function apply(text: string, e: Edit): string {
  const at = e.at % (text.length + 1);
  switch (e.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.len);
    case 'insert':
      return text.slice(0, at) + e.char.repeat(e.len) + text.slice(at);
    case 'replace':
      return text.slice(0, at) + e.char + text.slice(at + 1);
    case 'swap': {
      const t = tokens(text);
      if (t.length < 2) return text;
      const [a, b] = [t[e.at % t.length], t[e.other % t.length]].sort((x, y) => x[0] - y[0]);
      if (a[0] === b[0]) return text;
      return (
        text.slice(0, a[0]) +
        text.slice(b[0], b[1]) +
        text.slice(a[1], b[0]) +
        text.slice(a[0], a[1]) +
        text.slice(b[1])
      );
    }
  }
}

const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'replace', 'swap'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 40 }),
  char: fc.constantFrom(...ALPHABET),
  other: fc.nat(),
});

describe('properties: mutated example specs', () => {
  it(`parseSpec never throws and every problem is located inside the text (${RUNS} runs of 1–6 edits, seed ${SEED})`, () => {
    assert.ok(texts.length >= 5);
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
        const text = edits.reduce(apply, texts[which]);
        const r = parseSpec(text, nodeSpecHost(specs[which]));
        for (const p of r.problems) {
          assert.ok(!p.message.startsWith('Internal error'), p.message);
          assert.ok(
            p.offset >= 0 && p.offset + p.length <= text.length && p.line >= 1 && p.column >= 1,
            JSON.stringify(p),
          );
        }
        assert.equal(
          r.spec === undefined,
          r.problems.some((p) => p.severity === 'error'),
        );
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
