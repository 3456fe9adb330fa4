import * as assert from 'node:assert/strict';
import { dataCheckKey, withDataCheck } from '../../../../src/extension/editor/dataProblems';
import { parseSpec } from '../../../../src/netspec';
import type { SpecProblemInfo } from '../../../../src/protocol';
import { headerHost } from '../../netspec/helpers';

const SPEC = `{
  // comment
  "name": "Data",
  "input": 2,
  "layers": [{ "units": 1, "activation": "sigmoid", "weights": [[0.1, 0.2]], "biases": [0] }],
  "loss": "binary-cross-entropy",
  "data": { "csv": "d.csv", "targetColumns": ["y"] }
}`;
const STAMPS = ['/ws/d.csv 12 1000'];
const files = { '/ws/d.csv': 'a,b,y\n1,2,1\n' };

/** The problem a worker reports on `data.csv`, located in `text`. */
function cellProblem(text: string): SpecProblemInfo {
  const offset = text.indexOf('"d.csv"');
  return { severity: 'error', message: 'data.csv "d.csv" line 3: cells', offset, length: 7, path: ['data', 'csv'] };
}

describe('extension/dataProblems', () => {
  it('keys a check on the data files and every value a check reads, not on the name, weights or layout', () => {
    const key = dataCheckKey(SPEC, STAMPS);
    const same = [
      SPEC.replace('"Data"', '"Renamed"'),
      SPEC.replace('[[0.1, 0.2]]', '[[0.3, 0.4]]').replace('"biases": [0]', '"biases": [1]'),
      SPEC.replace('// comment', '').replace(/\n {2}/g, '\n    '),
    ];
    for (const text of same) assert.equal(dataCheckKey(text, STAMPS), key, text);
    const different = [
      SPEC.replace('["y"]', '["b"]'),
      SPEC.replace('"input": 2', '"input": 3'),
      SPEC.replace('"binary-cross-entropy"', '"mse"'),
      SPEC.replace('"units": 1', '"units": 2'),
    ];
    for (const text of different) assert.notEqual(dataCheckKey(text, STAMPS), key, text);
    assert.notEqual(dataCheckKey(SPEC, ['/ws/d.csv 12 2000']), key, 'a new modification time');
  });

  it('adds the check’s problems to the header-only parse, once, and drops the spec on an error', () => {
    const parsed = parseSpec(SPEC, headerHost(files));
    assert.ok(parsed.spec);
    const problem = cellProblem(SPEC);
    const merged = withDataCheck(parsed, SPEC, { text: SPEC, info: { problems: [problem, problem] } });
    assert.equal(merged.spec, undefined);
    assert.equal(merged.problems.length, 1);
    assert.deepEqual(SPEC.slice(merged.problems[0].offset, merged.problems[0].offset + 7), '"d.csv"');
    assert.equal(merged.problems[0].line, 7, 'lines and columns are computed for the text');
  });

  it('moves a problem with its JSON path when the text changed since the check, key or value alike', () => {
    const edited = SPEC.replace('"Data"', '"A much longer name"').replace('"data": {', '"data":   {');
    const parsed = parseSpec(edited, headerHost(files));
    const onValue = cellProblem(SPEC);
    const keyAt = SPEC.indexOf('"targetColumns"');
    const onKey: SpecProblemInfo = {
      ...onValue,
      message: 'key',
      offset: keyAt,
      length: 15,
      path: ['data', 'targetColumns'],
    };
    const gone: SpecProblemInfo = { ...onValue, message: 'gone', path: ['data', 'normalize'] };
    const merged = withDataCheck(parsed, edited, { text: SPEC, info: { problems: [onValue, onKey, gone] } });
    const shown = merged.problems.map((p) => [p.message, edited.slice(p.offset, p.offset + p.length)]);
    assert.deepEqual(shown, [
      ['data.csv "d.csv" line 3: cells', '"d.csv"'],
      ['key', '"targetColumns"'],
    ]);
  });

  it('keeps the spec and adds the class names when the check found nothing', () => {
    const parsed = parseSpec(SPEC, headerHost(files));
    const merged = withDataCheck(parsed, SPEC, { text: SPEC, info: { problems: [], classNames: ['no', 'yes'] } });
    assert.deepEqual(merged.problems, []);
    assert.deepEqual(merged.spec?.classNames, ['no', 'yes']);
  });

  it('shows a check that could not run as a warning on the data field, keeping the spec', () => {
    const parsed = parseSpec(SPEC, headerHost(files));
    const merged = withDataCheck(parsed, SPEC, { text: SPEC, error: 'loading it ran out of memory' });
    assert.equal(merged.problems.length, 1);
    const [p] = merged.problems;
    assert.equal(p.severity, 'warning');
    assert.equal(p.message, "The data file's contents could not be checked: loading it ran out of memory");
    assert.equal(SPEC.slice(p.offset, p.offset + p.length), '"data"');
    assert.ok(merged.spec);
  });
});
