// The numeric CSV scanner's hot loops in WebAssembly (scripts/wasm/csvScan.wat.js): counting records 16 bytes at a
// time, and parsing the usual record (plain decimals in every field, a line feed). csvScan.ts hands them each chunk
// and reads itself whatever they stop at (quotes, spaces, exponents, blank lines, faults); where WebAssembly is
// unavailable it reads everything itself.
import type { Floats } from '../../engine/types';
import { compileWasm, type CompiledWasm, type WasmMemory } from '../../shared/wasm';
import { CSV_WASM_BASE64 } from './csvScan.wasm';

/** records_T of the WAT: parses records from byte `i`; the start of the first it did not take. */
type RecordsFn = (
  i: number,
  last: number,
  rows: number,
  width: number,
  delimiter: number,
  out: number,
  stride: number,
  scale: number,
) => number;
/** lines of the WAT: records ended in [i, end); -1 when a quote is there. */
type LinesFn = (i: number, end: number, blank: number, tab: number) => number;

const PAGE = 65536;
const SPACE = 0x20;
const TAB = 0x09;
const align = (n: number, m: number): number => Math.ceil(n / m) * m;

const NL = 0x0a;
/**
 * Bytes copied in, and bytes of rows parsed, per call at most. NOTE: small regions, so that few of the memory's pages
 * are ever touched: WebAssembly memory takes no huge pages, and each fresh 4 KiB page's first touch costs ~15 µs on
 * this VM (2 MiB regions cost the count ~17 ms in faults).
 */
const WINDOW = 1 << 16;

let compiled: CompiledWasm | null | undefined;
let shared: Record<string, unknown> | null | undefined;

/**
 * The one instance's exports, or null where WebAssembly (with SIMD) is unavailable. One for the process: a fresh
 * memory's first touches fault page by page (~15 µs per 4 KiB on this VM), and scans are synchronous, never nested.
 */
function instance(): Record<string, unknown> | null {
  compiled ??= compileWasm(CSV_WASM_BASE64);
  shared ??= compiled && compiled.instance().exports;
  return shared;
}

/** The first byte of the instance's memory free for the regions below (its constants lie before it). */
const heap = (exports: Record<string, unknown>): number => (exports.heap as { value: number }).value;

/** An instance whose memory holds a chunk's bytes from `input` on. */
class Loader {
  protected readonly memory: WasmMemory;

  constructor(
    protected readonly exports: Record<string, unknown>,
    protected readonly input: number,
  ) {
    this.memory = exports.memory as WasmMemory;
  }

  /** Copies `bytes` to `input`, followed by `pad` spaces, having made room for `after` bytes beyond them. */
  protected load(bytes: Uint8Array, pad: number, after: number): void {
    this.reserve(this.input + bytes.length + pad + after);
    new Uint8Array(this.memory.buffer, this.input, bytes.length + pad).fill(SPACE, bytes.length).set(bytes);
  }

  /** Grows the memory to hold `bytes` (growing detaches earlier views: each use takes a fresh one). */
  protected reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }
}

/** Counts records a chunk at a time. */
export class RecordCounter extends Loader {
  private readonly lines: LinesFn;
  private readonly blank: { value: number };

  /** Null where WebAssembly is unavailable. */
  static create(delimiter: number): RecordCounter | null {
    const exports = instance();
    return exports && new RecordCounter(exports, delimiter);
  }

  private constructor(
    exports: Record<string, unknown>,
    private readonly delimiter: number,
  ) {
    super(exports, heap(exports));
    this.lines = exports.lines as LinesFn;
    this.blank = exports.blank as { value: number };
  }

  /**
   * The records that line breaks in `bytes` end (a record: a line with a byte other than spaces, tabs that do not
   * delimit and line breaks), `blank` saying whether the line begun before them is blank so far; and whether the line
   * left open is. Undefined when the bytes hold a quote (a line break may be quoted).
   */
  count(bytes: Uint8Array, blank: boolean): { records: number; blank: boolean } | undefined {
    let records = 0;
    for (let at = 0; at < bytes.length; at += WINDOW) {
      const piece = bytes.subarray(at, at + WINDOW);
      const padded = align(piece.length, 16);
      this.load(piece, padded - piece.length, 0);
      const n = this.lines(this.input, this.input + padded, blank ? 1 : 0, this.delimiter === TAB ? 1 : 0);
      if (n < 0) return undefined;
      records += n;
      blank = this.blank.value !== 0;
    }
    return { records, blank };
  }
}

/** One scan's instance: the field slots, then the chunk's bytes, then the rows parsed from them. */
export class PlainRecords extends Loader {
  private readonly records: RecordsFn;
  private readonly done: { value: number };
  /** Rows one call parses at most, and where they go (before the bytes copied in, which may need more room). */
  private readonly capacity: number;
  private readonly out: number;
  private chunk: Uint8Array = new Uint8Array(0);

  /**
   * Records of `width` fields split by `delimiter`, field f going to column slots[f] (none when negative) of dest's
   * rows of `stride` numbers, times `scale`. Null where WebAssembly is unavailable.
   */
  static create(
    slots: Int32Array,
    width: number,
    delimiter: number,
    stride: number,
    dest: Floats,
    scale: number,
  ): PlainRecords | null {
    const exports = instance();
    return exports && new PlainRecords(exports, slots, width, delimiter, stride, dest, scale);
  }

  private constructor(
    exports: Record<string, unknown>,
    private readonly slots: Int32Array,
    private readonly width: number,
    private readonly delimiter: number,
    private readonly stride: number,
    private readonly dest: Floats,
    private readonly scale: number,
  ) {
    const out = align(heap(exports) + 4 * width, 16);
    const capacity = Math.max(1, Math.floor(WINDOW / (stride * dest.BYTES_PER_ELEMENT)));
    super(exports, align(out + capacity * stride * dest.BYTES_PER_ELEMENT, 16));
    this.out = out;
    this.capacity = capacity;
    this.records = exports[`records_${dest instanceof Float32Array ? 'f32' : 'f64'}`] as RecordsFn;
    this.done = exports.done as { value: number };
  }

  /** The chunk `parse` reads until the next (and the field slots, which the record count's bytes overwrite). */
  setChunk(bytes: Uint8Array): void {
    this.chunk = bytes;
    this.reserve(this.input);
    new Int32Array(this.memory.buffer, heap(this.exports), this.width).set(this.slots.subarray(0, this.width));
  }

  /**
   * Parses the chunk's records from byte `i`, none starting past `last` (a line feed's index) and at most `rows`, into
   * dest's rows from `row`. Returns the start of the first record not taken and how many were.
   */
  parse(i: number, last: number, rows: number, row: number): { next: number; taken: number } {
    const { chunk, input, out, stride, dest } = this;
    // The bytes copied in end with a line feed: the last within a window's reach, or the chunk's when none is.
    let end = Math.min(last + 1, i + WINDOW);
    if (end <= last) {
      const feed = chunk.lastIndexOf(NL, end - 1);
      end = feed >= i ? feed + 1 : last + 1;
    }
    // NOTE: the WAT reads digits 8 bytes at a time, up to 7 past the last line feed: 8 spaces keep that inside.
    this.load(chunk.subarray(i, end), 8, 0);
    const rowsHere = Math.min(rows, this.capacity);
    const stop = this.records(
      input,
      input + end - 1 - i,
      rowsHere,
      this.width,
      this.delimiter,
      out,
      stride,
      this.scale,
    );
    const taken = this.done.value;
    if (taken > 0) {
      const count = taken * stride;
      const parsed =
        dest instanceof Float32Array
          ? new Float32Array(this.memory.buffer, out, count)
          : new Float64Array(this.memory.buffer, out, count);
      dest.set(parsed, row * stride);
    }
    return { next: i + stop - input, taken };
  }
}
