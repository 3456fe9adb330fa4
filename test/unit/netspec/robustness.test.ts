// parseSpec never throws: random garbage, random mutations of valid specs, deep nesting, huge input.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng } from '../../../src/engine/rng';
import { paramAtOffset } from '../../../src/netspec';
import { errors, memoryHost, parse, problem, specText } from './helpers';

const ALPHABET = '{}[]":,0123456789.eE+-abcdefnrstul \n\t/*\\';

function checkResult(text: string): void {
  const r = parse(text, memoryHost({ '/ws/d.csv': 'a,b,y\n1,2,0\n' }));
  for (const p of r.problems) {
    assert.ok(p.offset >= 0 && p.offset + p.length <= text.length, `range out of text: ${p.message}`);
    assert.ok(p.line >= 1 && p.column >= 1 && !p.message.startsWith('Internal error'), p.message);
  }
  assert.equal(r.spec === undefined, errors(r).length > 0);
}

describe('netspec/robustness', () => {
  it('survives random garbage', () => {
    const rng = new Rng(1, 'garbage');
    for (let i = 0; i < 300; i++) {
      const n = rng.int(200);
      checkResult(Array.from({ length: n }, () => ALPHABET[rng.int(ALPHABET.length)]).join(''));
    }
  });

  it('survives random mutations of valid specs, and mapping never throws', () => {
    const examples = path.resolve(__dirname, '../../../../examples');
    const seeds = [
      specText(),
      specText({ data: { csv: 'd.csv', targetColumns: ['y'] } }),
      specText({ data: { generator: 'spiral', samples: 20 } }),
    ];
    for (const f of fs.readdirSync(examples).filter((f) => f.endsWith('.nn.json')))
      seeds.push(fs.readFileSync(path.join(examples, f), 'utf8'));
    const rng = new Rng(2, 'mutations');
    for (let i = 0; i < 400; i++) {
      let t = seeds[i % seeds.length];
      for (let k = 0; k < 1 + rng.int(4); k++) {
        const at = rng.int(t.length + 1);
        const cut = rng.int(4);
        t = t.slice(0, at) + (rng.next() < 0.5 ? ALPHABET[rng.int(ALPHABET.length)] : '') + t.slice(at + cut);
      }
      checkResult(t);
      paramAtOffset(t, rng.int(t.length + 1));
    }
  });

  it('refuses deep nesting and parses a huge spec without trouble', () => {
    const deep = `{"input": ${'['.repeat(100000)}`;
    problem(parse(deep), 'nesting is deeper than 256 levels');
    const rows = Array.from({ length: 20000 }, (_, i) => `[${i % 7}, ${i % 3}]`).join(',');
    const targets = Array.from({ length: 20000 }, (_, i) => `[${i % 2}]`).join(',');
    const big = specText({ data: { inputs: [], targets: [] } })
      .replace('"inputs": []', `"inputs": [${rows}]`)
      .replace('"targets": []', `"targets": [${targets}]`);
    assert.equal(parse(big).spec!.data!.rows, 20000);
  });
});
