// The shipped examples: all parse cleanly, except broken.nn.json, which shows each kind of diagnostic.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSpec } from '../../../src/netspec';
import type { ParseResult } from '../../../src/netspec';
import { diskHost } from './helpers';

const examples = path.resolve(__dirname, '../../../../examples');

function parseExample(file: string): ParseResult {
  const specPath = path.join(examples, file);
  return parseSpec(fs.readFileSync(specPath, 'utf8'), diskHost(specPath));
}

describe('netspec/examples', () => {
  for (const file of ['xor', 'classic-2-layer', 'spiral', 'iris', 'regression'].map((n) => `${n}.nn.json`)) {
    it(`${file} parses with no problems and has data`, () => {
      const r = parseExample(file);
      assert.deepEqual(r.problems, []);
      assert.ok(r.spec!.data!.rows > 0);
    });
  }

  it('iris has 150 rows, 3 sorted classes and standardized inputs', () => {
    const spec = parseExample('iris.nn.json').spec!;
    assert.deepEqual(spec.classNames, ['setosa', 'versicolor', 'virginica']);
    assert.equal(spec.data!.rows, 150);
    assert.deepEqual(spec.inputNames, ['sepal length', 'sepal width', 'petal length', 'petal width']);
  });

  it('broken.nn.json shows several kinds of diagnostics', () => {
    const r = parseExample('broken.nn.json');
    assert.equal(r.spec, undefined);
    const messages = r.problems.map((p) => `${p.severity}: ${p.message}`);
    for (const fragment of [
      'error: layers[0].weights[1] has 3 values, expected 2 (input size)',
      'found "relux" (did you mean "relu"?)',
      'error: layers[2].activation "softmax" requires loss "cross-entropy", found "mse"',
      'warning: unknown field "learningrate" in optimizer (did you mean "learningRate"?)',
      'error: data.targets has 3 rows but data.inputs has 4',
    ])
      assert.ok(
        messages.some((m) => m.includes(fragment)),
        `${fragment}\n${messages.join('\n')}`,
      );
  });
});
