// A numeric CSV/TSV scanner over the file's bytes, streamed in chunks: it counts records, then parses the picked
// columns straight into the training array. csv-parse builds a string per cell and an array per row (about 5 MB/s
// here); numbers need neither. Chunks without quotes are counted, and the usual records (plain decimals) parsed, in
// WebAssembly (csvWasm.ts); everything else is read here: quoted fields, blank lines, a BOM, CRLF and spaces around
// fields as csv-parse reads them, each bad cell or row located by line and column.
import type { Floats } from '../../engine/types';
import { eachChunk, type DataFile } from '../dataFile';
import { count, MAX_REPORTS } from '../problems';
import { grouped } from '../../shared/format';
import { PlainRecords, RecordCounter } from './csvWasm';

/** How to read the file's records. */
export interface CsvLayout {
  /** ',' or '\t'. */
  delimiter: string;
  /** True when the first record names the columns (it is skipped). */
  header: boolean;
  /** Fields every record must have. */
  width: number;
  /** The fields picked, in output order (a field may be picked twice). */
  columns: number[];
}

/** What a scan found wrong: the first few faults, and how many there were. */
export interface CsvFaults {
  messages: string[];
  count: number;
}

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;
/** Above this a mantissa's next digit could make it inexact: such numbers go to Number(). */
const MANTISSA_LIMIT = 2 ** 53 / 10;
/** Exact powers of ten (10^22 is the largest a float64 holds exactly). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Records (non-blank lines, a quoted line break kept inside its record) after the header, if any. */
export function countRecords(file: DataFile, layout: CsvLayout): number {
  let records = 0;
  let quoted = false;
  let blank = true;
  const delimiter = layout.delimiter.charCodeAt(0);
  let first = true;
  const counter = RecordCounter.create(delimiter);
  eachChunk(file, 0, file.size, (bytes) => {
    let i = first ? bomLength(bytes) : 0;
    first = false;
    // NOTE: a chunk without quotes (the usual numeric one) is counted in WebAssembly, 16 bytes at a time.
    const counted = !quoted && counter?.count(i === 0 ? bytes : bytes.subarray(i), blank);
    if (counted) {
      records += counted.records;
      blank = counted.blank;
      return;
    }
    for (; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === QUOTE) quoted = !quoted;
      if (quoted) {
        blank = false;
        continue;
      }
      if (b === NL || b === CR) {
        if (!blank) records++;
        blank = true;
      } else if (blank && b !== SPACE && (b !== TAB || delimiter === TAB)) blank = false;
    }
  });
  if (!blank) records++;
  return Math.max(0, records - (layout.header ? 1 : 0));
}

/** True when `[from, to)` holds only spaces and line breaks (and tabs, unless they delimit fields). */
function isBlank(bytes: Uint8Array, from: number, to: number, delimiter: number): boolean {
  for (let k = from; k < to; k++) {
    const b = bytes[k];
    if (b !== SPACE && b !== CR && b !== NL && (b !== TAB || delimiter === TAB)) return false;
  }
  return true;
}

/** 3 when the bytes start with a UTF-8 byte order mark, else 0. */
function bomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/**
 * Parses `rows` records' picked fields, times `scale`, into `dest` (rows × columns). The faults found (ragged records,
 * cells that are not finite numbers, more or fewer records than `rows`); none when the data is whole and sound.
 */
export function scanNumbers(file: DataFile, layout: CsvLayout, rows: number, dest: Floats, scale: number): CsvFaults {
  const scanner = new Scanner(layout, rows, dest, scale);
  let carry = new Uint8Array(0);
  eachChunk(file, 0, file.size, (bytes) => {
    // A record cut by the chunk's end is completed from the next chunk's start: only that record is copied.
    let start = 0;
    if (carry.length > 0) {
      const end = scanner.recordEnd(bytes);
      const joined = new Uint8Array(carry.length + (end < 0 ? bytes.length : end));
      joined.set(carry);
      joined.set(bytes.subarray(0, end < 0 ? bytes.length : end), carry.length);
      if (end < 0) {
        carry = joined;
        return;
      }
      scanner.scan(joined, true);
      start = end;
    }
    const left = scanner.scan(start === 0 ? bytes : bytes.subarray(start), false);
    carry = Uint8Array.from(bytes.subarray(start + left));
    scanner.resume(carry);
  });
  if (carry.length > 0) scanner.scan(carry, true);
  return scanner.finish();
}

/** The scanner's state across chunks. */
class Scanner {
  private readonly delimiter: number;
  /** For each field, its first output position, or -1 when not picked. */
  private readonly slot: Int32Array;
  /** Output positions that repeat an earlier one's field: [from, to] pairs. */
  private readonly repeats: [number, number][] = [];
  private readonly picked: number;
  private readonly width: number;
  private line = 1;
  /** Line breaks inside the quoted fields of the record lineEnd last found. */
  private inner = 0;
  private row = 0;
  private skipHeader: boolean;
  private first = true;
  private readonly faults: CsvFaults = { messages: [], count: 0 };
  /** Whether a record carried over to the next chunk ends inside quotes so far. */
  private quoted = false;
  /** The usual records' reader, where WebAssembly runs. */
  private readonly plain: PlainRecords | null;

  constructor(
    layout: CsvLayout,
    private readonly rows: number,
    private readonly dest: Floats,
    private readonly scale: number,
  ) {
    this.delimiter = layout.delimiter.charCodeAt(0);
    this.slot = new Int32Array(layout.width + 1).fill(-1);
    layout.columns.forEach((field, c) => {
      if (this.slot[field] < 0) this.slot[field] = c;
      else this.repeats.push([this.slot[field], c]);
    });
    this.picked = layout.columns.length;
    this.width = layout.width;
    this.skipHeader = layout.header;
    this.plain = PlainRecords.create(this.slot, this.width, this.delimiter, this.picked, dest, scale);
  }

  /** Notes the quotes of the incomplete record `carry` that the next chunk completes. */
  resume(carry: Uint8Array): void {
    this.quoted = false;
    for (const b of carry) if (b === QUOTE) this.quoted = !this.quoted;
  }

  /** Where the record begun in an earlier chunk ends in `bytes` (after its line break), or -1 beyond them. */
  recordEnd(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === QUOTE) this.quoted = !this.quoted;
      else if (!this.quoted && (b === NL || b === CR)) return b === CR && bytes[i + 1] === NL ? i + 2 : i + 1;
    }
    return -1;
  }

  /**
   * Parses the whole records of `bytes`; with `last` the bytes end a record even without a line break. Returns where
   * the first incomplete record begins (bytes.length when none is).
   */
  scan(bytes: Uint8Array, last: boolean): number {
    let i = 0;
    if (this.first) {
      this.first = false;
      i = bomLength(bytes);
    }
    const n = bytes.length;
    // NOTE: a record that starts before the last line feed ends by it: the plain records' loops stop there.
    const lastFeed = bytes.lastIndexOf(NL);
    const plain = lastFeed >= i ? this.plain : null;
    plain?.setChunk(bytes);
    while (i < n) {
      if (plain && i <= lastFeed && !this.skipHeader && this.row < this.rows) {
        const { next, taken } = plain.parse(i, lastFeed, this.rows - this.row, this.row);
        if (taken > 0) {
          for (let r = this.row; r < this.row + taken; r++) this.repeat(r);
          this.row += taken;
          this.line += taken;
          i = next;
          continue;
        }
      }
      const end = this.lineEnd(bytes, i);
      if (end < 0 && !last) return i;
      const stop = end < 0 ? n : end;
      this.record(bytes, i, stop);
      this.line += this.inner;
      i = stop;
      if (i < n) {
        if (bytes[i] === CR && bytes[i + 1] === NL) i++;
        i++;
        this.line++;
      }
    }
    return n;
  }

  /** The index of the line break ending the record at `i` (quotes respected), or -1. */
  private lineEnd(bytes: Uint8Array, i: number): number {
    let quoted = false;
    this.inner = 0;
    for (; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === QUOTE) quoted = !quoted;
      else if (b === NL || b === CR) {
        if (!quoted) return i;
        if (b === NL || bytes[i + 1] !== NL) this.inner++;
      }
    }
    return -1;
  }

  /** One record `[from, to)`: its picked fields parsed into the next output row, or its faults noted. */
  private record(bytes: Uint8Array, from: number, to: number): void {
    const line = this.line;
    if (isBlank(bytes, from, to, this.delimiter)) return;
    if (this.skipHeader) {
      this.skipHeader = false;
      return;
    }
    const row = this.row++;
    if (row >= this.rows) {
      this.fault(`has more than the ${grouped(this.rows)} rows counted (line ${line})`);
      return;
    }
    const base = row * this.picked;
    let field = 0;
    let i = from;
    for (;;) {
      const c = field < this.width ? this.slot[field] : -1;
      const next = c >= 0 ? this.number(bytes, i, to, base + c, line, field) : this.skipField(bytes, i, to);
      field++;
      if (next >= to) break;
      i = next + 1;
    }
    if (field !== this.width) {
      this.fault(`line ${line} has ${count(field, 'field')}, expected ${this.width}`);
      return;
    }
    this.repeat(row);
  }

  /** Fills the row's output positions that repeat an earlier one's field. */
  private repeat(row: number): void {
    const base = row * this.picked;
    for (const [a, b] of this.repeats) this.dest[base + b] = this.dest[base + a];
  }

  /** Index of the delimiter ending the field at `i` (or `to`), quotes respected. */
  private skipField(bytes: Uint8Array, i: number, to: number): number {
    let quoted = false;
    for (; i < to; i++) {
      const b = bytes[i];
      if (b === QUOTE) quoted = !quoted;
      else if (!quoted && b === this.delimiter) return i;
    }
    return to;
  }

  /**
   * Parses the field at `i` as a number into dest[at]: plain decimals (sign, digits, point, exponent) exactly as
   * Number() would, in one pass; anything else through Number() itself. Returns the index of the field's end.
   */
  private number(bytes: Uint8Array, i: number, to: number, at: number, line: number, field: number): number {
    const start = i;
    const d = this.delimiter;
    while (i < to && (bytes[i] === SPACE || (bytes[i] === TAB && d !== TAB))) i++;
    let negative = false;
    if (bytes[i] === 0x2d) {
      negative = true;
      i++;
    } else if (bytes[i] === 0x2b) i++;
    let mantissa = 0;
    let digits = 0;
    let exponent = 0;
    let b = bytes[i];
    for (; i < to && b >= 0x30 && b <= 0x39; b = bytes[++i], digits++) mantissa = mantissa * 10 + (b - 0x30);
    if (b === 0x2e) {
      b = bytes[++i];
      for (; i < to && b >= 0x30 && b <= 0x39; b = bytes[++i], digits++, exponent--)
        mantissa = mantissa * 10 + (b - 0x30);
    }
    if (digits > 0 && (b === 0x65 || b === 0x45)) {
      let sign = 1;
      b = bytes[++i];
      if (b === 0x2d || b === 0x2b) {
        sign = b === 0x2d ? -1 : 1;
        b = bytes[++i];
      }
      let e = 0;
      let eDigits = 0;
      for (; i < to && b >= 0x30 && b <= 0x39; b = bytes[++i], eDigits++) e = e * 10 + (b - 0x30);
      exponent = eDigits === 0 ? NaN : exponent + sign * e;
    }
    while (i < to && (bytes[i] === SPACE || (bytes[i] === TAB && d !== TAB) || bytes[i] === CR)) i++;
    const ended = i >= to || bytes[i] === d;
    if (ended && digits > 0 && digits <= 15 && mantissa < MANTISSA_LIMIT && exponent >= -22 && exponent <= 22) {
      const value = exponent < 0 ? mantissa / POW10[-exponent] : mantissa * POW10[exponent];
      this.dest[at] = (negative ? -value : value) * this.scale;
      return i;
    }
    return this.slowNumber(bytes, start, this.skipField(bytes, start, to), at, line, field);
  }

  /** A field the fast path does not take (quoted, long, hex, or not a number): read as Number() reads its text. */
  private slowNumber(bytes: Uint8Array, from: number, to: number, at: number, line: number, field: number): number {
    let cell = new TextDecoder().decode(bytes.subarray(from, to)).trim();
    if (cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"')) cell = cell.slice(1, -1).replace(/""/g, '"');
    const value = cell.trim() === '' ? NaN : Number(cell);
    if (!Number.isFinite(value))
      this.fault(`line ${line}, column ${field + 1}: ${JSON.stringify(cell)} is not a finite number`);
    this.dest[at] = value * this.scale;
    return to;
  }

  private fault(message: string): void {
    if (this.faults.messages.length < MAX_REPORTS) this.faults.messages.push(message);
    this.faults.count++;
  }

  finish(): CsvFaults {
    if (this.row < this.rows) this.fault(`has ${grouped(this.row)} rows, fewer than the ${grouped(this.rows)} counted`);
    return this.faults;
  }
}
