// CSV data: real fixture files (BOM, CRLF, quotes, ragged, non-numeric, empty), one-hot, normalization, path fences.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scaleInputs, type SpecHost } from '../../../src/netspec';
import { diskHost, headerHost, memoryHost, parse, problem, rangeText } from './helpers';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/netspec');

function csvSpec(data: Record<string, unknown>, input = 2, units = 1): string {
  return JSON.stringify(
    {
      input,
      layers: [{ units, activation: units === 1 ? 'sigmoid' : 'softmax' }],
      loss: units === 1 ? 'binary-cross-entropy' : 'cross-entropy',
      data,
    },
    null,
    2,
  );
}

describe('netspec/csv from fixture files', () => {
  const h = diskHost(path.join(fixtures, 'net.nn.json'));

  it('reads BOM, CRLF and quoted fields', () => {
    const r = parse(csvSpec({ csv: 'bom-crlf-quoted.csv', targetColumns: ['label'] }), h);
    assert.deepEqual(r.problems, []);
    const d = r.spec!.data!;
    assert.deepEqual([d.rows, d.inputSize, d.outputSize], [3, 2, 1]);
    assert.deepEqual(Array.from(d.inputs), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from(d.targets), [0, 1, 1]);
    assert.deepEqual(r.spec!.inputNames, ['x1', 'x 2']);
    assert.equal(r.spec!.dataSource, 'csv');
  });

  it('locates ragged rows, non-numeric cells and empty files on the csv string', () => {
    const cases: [string, string][] = [
      ['ragged.csv', 'data.csv "ragged.csv" line 3 has 2 fields, expected 3 (as in the header)'],
      ['nonnumeric.csv', 'data.csv "nonnumeric.csv" line 3, column "b" (2): "abc" is not a number'],
      ['empty.csv', 'data.csv "empty.csv" is empty'],
      ['missing.csv', 'data.csv "missing.csv" was not found'],
    ];
    for (const [file, message] of cases) {
      const text = csvSpec({ csv: file, targetColumns: ['y'] });
      assert.equal(rangeText(text, problem(parse(text, h), message)), `"${file}"`);
    }
  });

  it('one-hot encodes a string column with sorted class names and normalizes inputs only', () => {
    const r = parse(
      csvSpec({ csv: 'classes.csv', targetColumns: ['kind'], oneHot: true, normalize: 'minmax' }, 2, 3),
      h,
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.spec!.classNames, ['bird', 'cat', 'dog']);
    assert.deepEqual(Array.from(r.spec!.data!.targets.slice(0, 6)), [0, 1, 0, 0, 0, 1]);
    assert.deepEqual(Array.from(r.spec!.data!.inputs.slice(0, 4)), [0, 0, 1 / 3, 1 / 3]);
    const std = parse(
      csvSpec({ csv: 'classes.csv', targetColumns: ['kind'], oneHot: true, normalize: 'standard' }, 2, 3),
      h,
    );
    const col = [0, 2, 4, 6].map((i) => std.spec!.data!.inputs[i]);
    assert.ok(Math.abs(col.reduce((a, b) => a + b)) < 1e-12);
  });

  it('takes normalization statistics from the training rows only, scaling validation rows alike', () => {
    const files = { '/ws/d.csv': 'x,y\n1,0\n2,1\n3,0\n4,1\n100,1\n-50,0\n' };
    for (const normalize of ['standard', 'minmax'] as const) {
      const text = JSON.stringify({
        input: 1,
        layers: [{ units: 1, activation: 'sigmoid' }],
        loss: 'binary-cross-entropy',
        training: { validationSplit: 1 / 3 },
        data: { csv: 'd.csv', targetColumns: ['y'], normalize },
      });
      const r = parse(text, memoryHost(files));
      assert.deepEqual(r.problems, []);
      // The first 4 rows train (mean 2.5, population std √1.25, min 1, range 3); the last 2 are held out.
      const expected =
        normalize === 'standard'
          ? [1, 2, 3, 4, 100, -50].map((x) => (x - 2.5) / Math.sqrt(1.25))
          : [1, 2, 3, 4, 100, -50].map((x) => (x - 1) / 3);
      Array.from(r.spec!.data!.inputs).forEach((v, i) =>
        assert.ok(Math.abs(v - expected[i]) < 1e-12, `${normalize} row ${i}: ${v} vs ${expected[i]}`),
      );
    }
  });

  it('keeps the input columns and normalization statistics, so scaleInputs prepares new rows as training did', () => {
    const raw = parse(csvSpec({ csv: 'classes.csv', targetColumns: ['kind'], oneHot: true }, 2, 3), h).spec!;
    assert.deepEqual(raw.csvInputs, { columns: raw.inputNames, scaling: { how: 'none' } });
    for (const how of ['standard', 'minmax'] as const) {
      const spec = parse(
        csvSpec({ csv: 'classes.csv', targetColumns: ['kind'], oneHot: true, normalize: how }, 2, 3),
        h,
      ).spec!;
      assert.equal(spec.csvInputs?.scaling.how, how);
      const again = raw.data!.inputs.slice();
      assert.ok(spec.csvInputs);
      scaleInputs(again, spec.csvInputs.scaling);
      assert.deepEqual(again, spec.data!.inputs, `${how}: bit for bit what training saw`);
    }
  });

  it('checks the class count, column names and widths', () => {
    const text = csvSpec({ csv: 'classes.csv', targetColumns: ['kind'], oneHot: true }, 2, 2);
    const p = problem(
      parse(text, h),
      'one-hot column "kind" (3) has 3 classes (bird, cat, dog), expected 2 (output units)',
    );
    assert.equal(rangeText(text, p), '"kind"');
    const typo = csvSpec({ csv: 'classes.csv', targetColumns: ['knd'], oneHot: true }, 2, 3);
    assert.equal(
      rangeText(typo, problem(parse(typo, h), 'is not a column of "classes.csv" (did you mean "kind"?)')),
      '"knd"',
    );
    problem(
      parse(csvSpec({ csv: 'classes.csv', targetColumns: ['kind'], oneHot: true }, 3, 3), h),
      'gives 2 input columns, expected 3 (input size)',
    );
    problem(
      parse(csvSpec({ csv: 'classes.csv', targetColumns: ['kind'] }), h),
      'line 2, column "kind" (3): "cat" is not a number (for class names in a target column, set "oneHot": true)',
    );
    problem(
      parse(csvSpec({ csv: 'classes.csv', targetColumns: [2], header: false, inputColumns: [0, 7] }, 2), h),
      'data.inputColumns[1] is 7, but "classes.csv" has 3 columns (0..2)',
    );
  });
});

describe('netspec/csv with an in-memory host', () => {
  it('resolves paths relative to the spec, with backslashes', () => {
    const h = memoryHost({ '/ws/sub/data/d.csv': 'a,b,y\n1,2,1\n' }, '/ws/sub/net.nn.json');
    assert.deepEqual(parse(csvSpec({ csv: 'data\\d.csv', targetColumns: ['y'] }), h).problems, []);
    assert.deepEqual(parse(csvSpec({ csv: './data/../data/d.csv', targetColumns: ['y'] }), h).problems, []);
  });

  it('refuses paths that escape the allowed root, before and after realpath', () => {
    const files = { '/ws/net.nn.json': '', '/secret.csv': 'a,b,y\n1,2,1\n', '/ws/link.csv': '' };
    const h = memoryHost(files, '/ws/net.nn.json', { '/ws/link.csv': '/secret.csv' });
    for (const [rel, message] of [
      ['../secret.csv', 'points outside the workspace folder /ws'],
      ['a/../../secret.csv', 'points outside the workspace folder'],
      ['/secret.csv', 'is absolute'],
      ['C:\\secret.csv', 'is absolute'],
      ['link.csv', 'is a link to /secret.csv, outside the workspace folder'],
    ]) {
      const text = csvSpec({ csv: rel, targetColumns: ['y'] });
      assert.equal(rangeText(text, problem(parse(text, h), message)), JSON.stringify(rel));
    }
    const wide = { ...h, allowedRoot: '/' };
    assert.deepEqual(parse(csvSpec({ csv: '../secret.csv', targetColumns: ['y'] }), wide).problems, []);
  });

  it('handles Windows paths and drive letters case-insensitively', () => {
    const h: SpecHost = {
      specPath: 'C:\\Work\\net.nn.json',
      allowedRoot: 'c:\\work',
      readFile: (p) => (p === 'c:/Work/d.csv' ? 'a,b,y\n1,2,1\n' : undefined),
      realpath: (p) => p,
    };
    assert.deepEqual(parse(csvSpec({ csv: 'd.csv', targetColumns: ['y'] }), h).problems, []);
    problem(
      parse(csvSpec({ csv: '..\\Other\\d.csv', targetColumns: ['y'] }), h),
      'points outside the workspace folder c:/work',
    );
  });

  it('reports unclosed quotes and I/O errors without throwing', () => {
    const h = memoryHost({ '/ws/q.csv': 'a,b,y\n1,"2,1\n' });
    problem(parse(csvSpec({ csv: 'q.csv', targetColumns: ['y'] }), h), 'data.csv "q.csv" is not valid CSV near line 2');
    const failing: SpecHost = {
      ...h,
      readFile: () => {
        throw new Error('EACCES');
      },
    };
    problem(parse(csvSpec({ csv: 'q.csv', targetColumns: ['y'] }), failing), 'could not be read: EACCES');
  });
});

describe('netspec/csv through a real symlink', () => {
  let tmp = '';
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-spec-'));
    fs.mkdirSync(path.join(tmp, 'ws'));
    fs.writeFileSync(path.join(tmp, 'secret.csv'), 'a,b,y\n1,2,1\n');
    fs.writeFileSync(path.join(tmp, 'ws', 'ok.csv'), 'a,b,y\n1,2,1\n');
    fs.symlinkSync(path.join(tmp, 'secret.csv'), path.join(tmp, 'ws', 'link.csv'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('refuses a link that leaves the tree and accepts a plain file', () => {
    const h = diskHost(path.join(tmp, 'ws', 'net.nn.json'));
    const text = csvSpec({ csv: 'link.csv', targetColumns: ['y'] });
    assert.equal(rangeText(text, problem(parse(text, h), 'is a link to')), '"link.csv"');
    assert.deepEqual(parse(csvSpec({ csv: 'ok.csv', targetColumns: ['y'] }), h).problems, []);
  });
});

describe('netspec/csv on a header-only host (the editor)', () => {
  const data = (rows: string[]): string => ['a,b,y', ...rows].join('\n') + '\n';

  it('checks the columns against the header and leaves the cells (and data) to a full load', () => {
    const files = { '/ws/d.csv': data(['1,2,1', '1,x,0', '3']) };
    const text = csvSpec({ csv: 'd.csv', targetColumns: ['y'] });
    const r = parse(text, headerHost(files));
    assert.deepEqual(r.problems, [], 'the bad cell and the ragged row are not seen from the header');
    assert.equal(r.spec?.data, undefined);
    assert.deepEqual([r.spec?.dataSource, r.spec?.inputNames], ['csv', ['a', 'b']]);
    const full = parse(text, memoryHost(files));
    assert.ok(full.problems.some((p) => p.message.includes('line 4 has 1 field')));
  });

  it('reports the same column, count and file problems as a full load', () => {
    const files = { '/ws/d.csv': data(['1,2,1']), '/ws/empty.csv': '\n\n', '/ws/n.csv': '1,2,1\n' };
    for (const spec of [
      csvSpec({ csv: 'd.csv', targetColumns: ['z'] }),
      csvSpec({ csv: 'd.csv', targetColumns: ['y'], inputColumns: ['a'] }),
      csvSpec({ csv: 'd.csv', targetColumns: ['a', 'y'] }),
      csvSpec({ csv: 'missing.csv', targetColumns: ['y'] }),
      csvSpec({ csv: 'empty.csv', targetColumns: ['y'] }),
      csvSpec({ csv: '../out.csv', targetColumns: ['y'] }),
      csvSpec({ csv: 'n.csv', targetColumns: [3], header: false }),
      csvSpec({ csv: 'n.csv', targetColumns: ['y'], header: false }),
    ]) {
      const head = parse(spec, headerHost(files)).problems;
      assert.ok(head.length > 0, spec);
      assert.deepEqual(head, parse(spec, memoryHost(files)).problems, spec);
    }
  });

  it('reads whole lines from the start, more only while the first record is incomplete', () => {
    const reads: [string, number, number][] = [];
    const longName = 'n'.repeat(6000);
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${i},1`);
    const files = { '/ws/d.csv': [`a,"${longName}`, `b",y`, ...rows].join('\n') };
    const r = parse(csvSpec({ csv: 'd.csv', targetColumns: ['y'] }), headerHost(files, reads));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.spec?.inputNames, ['a', `${longName}\nb`], 'a quoted header field spans two lines');
    const read = reads.reduce((sum, [, , n]) => sum + n, 0);
    assert.ok(read <= 3 * 4096 + 8192, `${read} bytes read of ${files['/ws/d.csv'].length}`);
  });

  it('reports an invalid first record, and a BOM is not part of the first name', () => {
    const files = { '/ws/q.csv': 'a,b"x",y\n1,2,3\n', '/ws/bom.csv': '\uFEFFa,b,y\n1,2,1\n' };
    problem(
      parse(csvSpec({ csv: 'q.csv', targetColumns: ['y'] }), headerHost(files)),
      'data.csv "q.csv" is not valid CSV near line 1',
    );
    assert.deepEqual(parse(csvSpec({ csv: 'bom.csv', targetColumns: ['y'] }), headerHost(files)).spec?.inputNames, [
      'a',
      'b',
    ]);
  });

  it('reports a file that cannot be read', () => {
    const failing: SpecHost = {
      ...headerHost({ '/ws/d.csv': 'a,b,y\n' }),
      readBytes: () => {
        throw new Error('EACCES');
      },
    };
    problem(
      parse(csvSpec({ csv: 'd.csv', targetColumns: ['y'] }), failing),
      'data.csv "d.csv" could not be read: EACCES',
    );
  });
});
