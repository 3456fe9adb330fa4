import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkData, dataChecked } from '../../../src/worker/dataCheck';

describe('worker/dataCheck', () => {
  let dir = '';
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-check-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A spec text naming `csv` (written beside it), and its source for the worker. */
  function source(csv: string, data: Record<string, unknown> = {}) {
    fs.writeFileSync(path.join(dir, 'd.csv'), csv);
    const text = JSON.stringify({
      input: 2,
      layers: [{ units: 3, activation: 'softmax' }],
      loss: 'cross-entropy',
      data: { csv: 'd.csv', targetColumns: ['y'], oneHot: true, ...data },
    });
    return { text, specPath: path.join(dir, 'net.nn.json'), allowedRoot: dir };
  }

  it('reports only what the whole file shows, located in the spec text it was given', () => {
    const src = source('a,b,y\n1,2,cat\n1,x,dog\n3,4\n');
    const info = checkData(src);
    assert.deepEqual(
      info.problems.map((p) => [p.message, src.text.slice(p.offset, p.offset + p.length), p.path]),
      [['data.csv "d.csv" line 4 has 2 fields, expected 3 (as in the header)', '"d.csv"', ['data', 'csv']]],
    );
  });

  it('leaves out what the header already shows (the editor has it), and learns the class names', () => {
    const bad = checkData(source('a,b,y\n1,2,cat\n', { targetColumns: ['z'] }));
    assert.deepEqual(bad.problems, [], 'an unknown column is a header problem');
    const good = checkData(source('a,b,y\n1,2,cat\n3,4,dog\n5,6,emu\n'));
    assert.deepEqual(good, { problems: [], classNames: ['cat', 'dog', 'emu'] });
  });

  it('answers a request by id, with an internal error instead of a throw', () => {
    const src = source('a,b,y\n1,2,cat\n3,4,dog\n5,6,emu\n');
    assert.deepEqual(dataChecked(7, src), {
      type: 'data/checked',
      requestId: 7,
      result: { ok: true, value: { problems: [], classNames: ['cat', 'dog', 'emu'] } },
    });
    const broken = dataChecked(8, { ...src, text: undefined as unknown as string });
    assert.ok(broken.type === 'data/checked' && !broken.result.ok && broken.result.error.startsWith('Internal error'));
  });

  it('reports the load of a data file and answers data/cancelled when its monitor cancels it', () => {
    fs.writeFileSync(path.join(dir, 'x.csv'), 'a,b\n1,2\n3,4\n');
    const text = JSON.stringify({
      input: 2,
      layers: [{ units: 1, activation: 'identity' }],
      loss: 'mse',
      data: { inputs: { file: 'x.csv' }, targets: [[1], [2]] },
    });
    const src = { text, specPath: path.join(dir, 'net.nn.json'), allowedRoot: dir };
    const heard: string[] = [];
    const watching = (cancel: boolean) => ({
      progress: (p: { file: string; done: number; total: number; unit: string }) =>
        heard.push(`${p.file} ${p.done}/${p.total} ${p.unit}`),
      cancelled: () => cancel,
    });
    assert.deepEqual(dataChecked(3, src, watching(false)), {
      type: 'data/checked',
      requestId: 3,
      result: { ok: true, value: { problems: [] } },
    });
    assert.ok(heard.length > 0 && heard.every((h) => h === 'x.csv 12/12 bytes'), heard.join('; '));
    assert.deepEqual(dataChecked(4, src, watching(true)), { type: 'data/cancelled', requestId: 4 });
  });
});
