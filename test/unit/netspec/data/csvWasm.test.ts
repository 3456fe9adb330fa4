// The CSV scanner's WebAssembly loops on their own: the record count agrees with the per-byte rule over random bytes
// in random pieces, and the plain-record parser gives Number()'s bits for every length of digits it takes, stops at
// the first record it does not take, and writes only the picked fields.
import * as assert from 'node:assert/strict';
import { Rng } from '../../../../src/engine/rng';
import { PlainRecords, RecordCounter } from '../../../../src/netspec/data/csvWasm';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The rule csvScan.ts applies byte by byte: a line break ends a record when its line holds a non-blank byte. */
function reference(text: string, tab: boolean): number {
  let records = 0;
  let blank = true;
  for (const c of text) {
    if (c === '\n' || c === '\r') {
      if (!blank) records++;
      blank = true;
    } else if (c !== ' ' && (c !== '\t' || tab)) blank = false;
  }
  return records + (blank ? 0 : 1);
}

function digits(rng: Rng, n: number): string {
  return Array.from({ length: n }, () => String(rng.int(10))).join('');
}

describe('netspec/data/csvWasm', () => {
  it('counts records as the per-byte rule does, over random bytes in random pieces', () => {
    const counter = RecordCounter.create(0x2c);
    const tsv = RecordCounter.create(0x09);
    assert.ok(counter && tsv, 'WebAssembly runs here');
    const cases: [RecordCounter, boolean][] = [
      [counter, false],
      [tsv, true],
    ];
    const alphabet = ['1', '7', ',', '\n', '\n', '\r', '\r\n', ' ', ' ', '\t', '-', '.'];
    const rng = new Rng(3, 'count');
    for (let trial = 0; trial < 300; trial++) {
      const text = Array.from({ length: rng.int(200) }, () => alphabet[rng.int(alphabet.length)]).join('');
      for (const [c, tab] of cases) {
        const bytes = bytesOf(text);
        let records = 0;
        let blank = true;
        for (let at = 0; at < bytes.length;) {
          const piece = bytes.subarray(at, at + 1 + rng.int(40));
          const counted = c.count(piece, blank);
          assert.ok(counted);
          records += counted.records;
          blank = counted.blank;
          at += piece.length;
        }
        assert.equal(records + (blank ? 0 : 1), reference(text, tab), JSON.stringify(text));
      }
    }
  });

  it('leaves bytes holding a quote to the per-byte reader', () => {
    const counter = RecordCounter.create(0x2c);
    assert.equal(counter?.count(bytesOf('1,2\n"a\nb",3\n'), true), undefined);
    assert.deepEqual(counter?.count(bytesOf('1,2\n\n 3,4\r\n5'), true), { records: 2, blank: false });
  });

  it('parses plain records with Number()’s bits, every digit count from 1 to 15, in float32 and float64', () => {
    const rng = new Rng(11, 'plain');
    const width = 6;
    const rows: string[][] = [];
    for (let r = 0; r < 600; r++) {
      const row: string[] = [];
      for (let f = 0; f < width; f++) {
        const total = 1 + ((r * width + f) % 15);
        const point = rng.int(3) === 0 ? -1 : rng.int(total + 1);
        const all = digits(rng, total);
        const cell = point < 0 ? all : `${all.slice(0, point)}.${all.slice(point)}`;
        row.push(`${rng.int(3) === 0 ? '-' : ''}${cell}`);
      }
      rows.push(row);
    }
    rows.push(['-0', '.5', '5.', '0', '-.25', '999999999999999']);
    const text = rows.map((row, r) => row.join(',') + (r % 4 === 0 ? '\r\n' : '\n')).join('');
    const bytes = bytesOf(text);
    const slots = Int32Array.from({ length: width }, (_, f) => f);
    for (const make of [(n: number) => new Float32Array(n), (n: number) => new Float64Array(n)]) {
      const dest = make(rows.length * width);
      const scale = 1 / 255;
      const plain = PlainRecords.create(slots, width, 0x2c, width, dest, scale);
      assert.ok(plain);
      plain.setChunk(bytes);
      let at = 0;
      let row = 0;
      while (row < rows.length) {
        const { next, taken } = plain.parse(at, bytes.lastIndexOf(0x0a), rows.length - row, row);
        assert.ok(taken > 0, `stopped at row ${row}`);
        at = next;
        row += taken;
      }
      assert.equal(at, bytes.length);
      const cells = rows.flat();
      const expected = make(dest.length);
      cells.forEach((cell, i) => (expected[i] = Number(cell) * scale));
      dest.forEach((v, i) => {
        if (!Object.is(v, expected[i])) assert.fail(`${cells[i]}: ${v} ≠ ${expected[i]}`);
      });
    }
  });

  it('stops at the start of the first record it does not take, writing the picked fields only', () => {
    const good = '1,2,3\n';
    const slots = Int32Array.from([1, -1, 0]);
    for (const bad of [
      '1,2\n',
      '1,2,3,4\n',
      '1,,3\n',
      ' 1,2,3\n',
      '1,2 ,3\n',
      '+1,2,3\n',
      '1e5,2,3\n',
      '1.2.3,4,5\n',
      '-,2,3\n',
      '.,2,3\n',
      '"1",2,3\n',
      '1234567890123456,2,3\n',
      '1.234567890123456,2,3\n',
      '1,2,3\r4\n',
      '\n',
    ]) {
      const bytes = bytesOf(good + good + bad + good);
      const dest = new Float64Array(8).fill(-7);
      const plain = PlainRecords.create(slots, 3, 0x2c, 2, dest, 1);
      assert.ok(plain);
      plain.setChunk(bytes);
      const { next, taken } = plain.parse(0, bytes.lastIndexOf(0x0a), 4, 0);
      assert.deepEqual({ next, taken }, { next: 2 * good.length, taken: 2 }, JSON.stringify(bad));
      assert.deepEqual(Array.from(dest), [3, 1, 3, 1, -7, -7, -7, -7]);
    }
  });

  it('takes no more rows than asked, and no record that starts past the last line feed given', () => {
    const bytes = bytesOf('1\n2\n3\n4');
    const dest = new Float32Array(4);
    const plain = PlainRecords.create(Int32Array.from([0]), 1, 0x2c, 1, dest, 1);
    assert.ok(plain);
    plain.setChunk(bytes);
    assert.deepEqual(plain.parse(0, 5, 2, 0), { next: 4, taken: 2 });
    assert.deepEqual(plain.parse(4, 5, 9, 2), { next: 6, taken: 1 });
    assert.deepEqual(Array.from(dest), [1, 2, 3, 0]);
  });
});
