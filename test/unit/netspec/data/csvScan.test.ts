// The numeric CSV scanner: every cell reads as Number() reads its text (decimals, exponents, signs, quotes, spaces),
// whatever the chunks the file arrives in; blank lines, a BOM, CRLF and quoted line breaks as csv-parse reads them;
// bad cells and ragged rows located by line and column.
import * as assert from 'node:assert/strict';
import { Rng } from '../../../../src/engine/rng';
import type { DataFile } from '../../../../src/netspec/dataFile';
import { countRecords, scanNumbers, type CsvLayout } from '../../../../src/netspec/data/csvScan';

/** The text as a data file whose reads return random short pieces, so records and numbers straddle chunks. */
function fileOf(text: string, rng: Rng): DataFile {
  const bytes = new TextEncoder().encode(text);
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, offset + Math.min(length, 1 + rng.int(12))),
    whole: () => bytes,
  };
}

function scan(text: string, layout: CsvLayout, seed = 1): { rows: number; values: number[]; faults: string[] } {
  const rng = new Rng(seed, 'chunks');
  const rows = countRecords(fileOf(text, rng), layout);
  const dest = new Float64Array(rows * layout.columns.length);
  const faults = scanNumbers(fileOf(text, rng), layout, rows, dest, 1);
  return { rows, values: Array.from(dest), faults: faults.messages };
}

const all = (width: number, header = false): CsvLayout => ({
  delimiter: ',',
  header,
  width,
  columns: Array.from({ length: width }, (_, j) => j),
});

describe('netspec/data/csvScan', () => {
  it('reads random decimals exactly as Number() does, in any chunks', () => {
    const rng = new Rng(42, 'cells');
    const cells: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const digits = (n: number): string => Array.from({ length: n }, () => String(rng.int(10))).join('');
      const sign = ['', '-', '+'][rng.int(3)];
      const point = rng.int(2) ? `.${digits(rng.int(12))}` : '';
      const exponent = rng.int(3) === 0 ? `${rng.int(2) ? 'e' : 'E'}${['', '-', '+'][rng.int(3)]}${rng.int(40)}` : '';
      cells.push(`${sign}${digits(1 + rng.int(20))}${point}${exponent}`);
    }
    cells.push('0.1', '-0', '1e22', '1e23', '9007199254740993', '123456789012345678901234567890', '.5', '5.', '0x1f');
    const width = 7;
    while (cells.length % width) cells.push('1');
    const lines = [];
    for (let i = 0; i < cells.length; i += width) lines.push(cells.slice(i, i + width).join(','));
    for (const seed of [1, 2, 3]) {
      const { rows, values, faults } = scan(`${lines.join('\n')}\n`, all(width), seed);
      assert.deepEqual(faults, []);
      assert.equal(rows, lines.length);
      values.forEach((v, i) => assert.ok(Object.is(v, Number(cells[i])), `${cells[i]}: ${v}`));
    }
  });

  it('reads plain-decimal records (its one-pass path) exactly, in small and large chunks, LF or CRLF', () => {
    const rng = new Rng(7, 'plain');
    const digits = (n: number): string => Array.from({ length: n }, () => String(rng.int(10))).join('');
    const width = 5;
    const lines: string[][] = [];
    for (let r = 0; r < 400; r++) {
      const row: string[] = [];
      for (let c = 0; c < width; c++) {
        const whole = digits(1 + rng.int(8));
        // NOTE: a 16th digit now and then leaves the one-pass path for Number(); both must agree.
        const fraction = rng.int(3) === 0 ? '' : `.${digits(rng.int(rng.int(10) === 0 ? 12 : 7))}`;
        row.push(`${rng.int(4) === 0 ? '-' : ''}${whole}${fraction}`);
      }
      lines.push(row);
    }
    const text = lines.map((row, r) => row.join(',') + (r % 3 === 0 ? '\r\n' : '\n')).join('');
    const layout: CsvLayout = { delimiter: ',', header: false, width, columns: [4, 0, 2, 0] };
    const expected = lines.flatMap((row) => layout.columns.map((c) => Number(row[c])));
    const bytes = new TextEncoder().encode(text);
    for (const piece of [13, 100, 4096]) {
      const rng2 = new Rng(piece, 'pieces');
      const file: DataFile = {
        size: bytes.length,
        read: (offset, length) => bytes.subarray(offset, offset + Math.min(length, 1 + rng2.int(piece))),
      };
      const dest = new Float64Array(lines.length * layout.columns.length);
      assert.equal(countRecords(file, layout), lines.length);
      assert.deepEqual(scanNumbers(file, layout, lines.length, dest, 1).messages, []);
      Array.from(dest).forEach((v, i) => assert.ok(Object.is(v, expected[i]), `${piece}: ${expected[i]}: ${v}`));
    }
  });

  it('locates faults after plain records by line and column, as the full reader does', () => {
    const plain = Array.from({ length: 50 }, (_, r) => `${r},-${r}.5,${r}`).join('\n');
    const text = `${plain}\n1,2\n1,2,3,\n1,-,3\n1,2.5.5,3\n-1,2,3\r\n1,2,3x\n`;
    assert.deepEqual(scan(text, all(3)).faults, [
      'line 51 has 2 fields, expected 3',
      'line 52 has 4 fields, expected 3',
      'line 53, column 2: "-" is not a finite number',
      'line 54, column 2: "2.5.5" is not a finite number',
      'line 56, column 3: "3x" is not a finite number',
    ]);
  });

  it('takes a header, a BOM, CRLF, blank lines, spaces and quoted cells; picks columns in any order, twice', () => {
    const text = '\uFEFFa,b,"c, d"\r\n 1 , "2" ,3\r\n\r\n  \n4,5e1,"6"\r\n"x\ny",7,8';
    const layout: CsvLayout = { delimiter: ',', header: true, width: 3, columns: [2, 0, 2] };
    const picked = { ...layout, columns: [1, 2] };
    assert.deepEqual(scan(text, { ...layout, columns: [2, 1, 2] }).values.slice(0, 6), [3, 2, 3, 6, 50, 6]);
    const result = scan(text, picked);
    assert.equal(result.rows, 3);
    assert.deepEqual(result.values, [2, 3, 50, 6, 7, 8]);
    assert.deepEqual(result.faults, []);
  });

  it('counts a lone carriage return as a line break, as it reads records', () => {
    const text = '1,2\r3,4\r\r5,6\n';
    for (const seed of [1, 2])
      assert.deepEqual(scan(text, all(2), seed), { rows: 3, values: [1, 2, 3, 4, 5, 6], faults: [] });
    const big = `${'1,2\r'.repeat(5000)}3,4\n`;
    const bytes = new TextEncoder().encode(big);
    const file: DataFile = { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
    assert.equal(countRecords(file, all(2)), 5001);
  });

  it('reads TSV, keeping tabs as delimiters', () => {
    const layout: CsvLayout = { delimiter: '\t', header: false, width: 2, columns: [0, 1] };
    assert.deepEqual(scan('1\t2\n 3 \t4\n', layout).values, [1, 2, 3, 4]);
  });

  it('locates each bad cell by line and column and each ragged row by line', () => {
    const text = 'a,b\n1,2\n3,x\n\n4,\n5,6,7\n8\n"1e",NaN\n';
    const { faults } = scan(text, all(2, true));
    assert.deepEqual(faults, [
      'line 3, column 2: "x" is not a finite number',
      'line 5, column 2: "" is not a finite number',
      'line 6 has 3 fields, expected 2',
      'line 7 has 1 field, expected 2',
      'line 8, column 1: "1e" is not a finite number',
    ]);
  });

  it('counts lines inside quoted fields for the lines after them', () => {
    const text = '"a\nb",1\n2,x\n';
    const layout: CsvLayout = { delimiter: ',', header: false, width: 2, columns: [1] };
    assert.deepEqual(scan(text, layout).faults, ['line 3, column 2: "x" is not a finite number']);
  });

  it('says when the rows differ from those counted (the file changed between the passes)', () => {
    const layout = all(1);
    const dest = new Float64Array(2);
    const faults = scanNumbers(fileOf('1\n2\n3\n', new Rng(1, 'x')), layout, 2, dest, 1);
    assert.deepEqual(faults.messages, ['has more than the 2 rows counted (line 3)']);
    const fewer = scanNumbers(fileOf('1\n', new Rng(1, 'x')), layout, 2, new Float64Array(2), 1);
    assert.deepEqual(fewer.messages, ['has 1 rows, fewer than the 2 counted']);
  });
});
