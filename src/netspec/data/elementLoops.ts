// The binary loaders' loops over every element, in WebAssembly's SIMD (scripts/wasm/elementLoops.wat.js) over windows
// copied in and out of its memory: the first NaN or infinity in a float array (the loaders check every element they
// write), and uint8 elements times a scale (a data set of pixels with `scale`). Where WebAssembly is unavailable the
// same loops run in JavaScript.
import type { Floats } from '../../engine/types';
import { compileWasm, type WasmMemory } from '../../shared/wasm';
import { ELEMENT_LOOPS_WASM_BASE64 } from './elementLoops.wasm';

/** all_finite_T of the WAT: 1 when the elements in [p, end) are finite, `end - p` a multiple of 64 bytes. */
type AllFiniteFn = (p: number, end: number) => number;
/** scale_u8_T of the WAT: the bytes in [src, end), a multiple of 16, times `scale` as T from `dst` on. */
type ScaleBytesFn = (src: number, end: number, dst: number, scale: number) => void;

interface Loops {
  memory: WasmMemory;
  allFinite32: AllFiniteFn;
  allFinite64: AllFiniteFn;
  scaleBytes32: ScaleBytesFn;
  scaleBytes64: ScaleBytesFn;
}

/**
 * Bytes scanned per call, copied in at 0. NOTE: small windows, so that few of the memory's pages are ever touched:
 * WebAssembly memory takes no huge pages, and a fresh 4 KiB page's first touch cost 3–15 µs on the VMs measured.
 */
const SCAN_WINDOW = 1 << 16;
/** Bytes scaled per call, copied in at 0; their floats are written from OUT on (up to 8 bytes each: the 3 pages). */
const BYTE_WINDOW = 1 << 14;
const OUT = 1 << 16;

let loops: Loops | null | undefined;

/** The process's one instance (loops are synchronous, never nested), or null where WebAssembly cannot run it. */
function wasmLoops(): Loops | null {
  if (loops !== undefined) return loops;
  const exports = compileWasm(ELEMENT_LOOPS_WASM_BASE64)?.instance().exports;
  loops = exports
    ? {
        memory: exports.memory as WasmMemory,
        allFinite32: exports.all_finite_f32 as AllFiniteFn,
        allFinite64: exports.all_finite_f64 as AllFiniteFn,
        scaleBytes32: exports.scale_u8_f32 as ScaleBytesFn,
        scaleBytes64: exports.scale_u8_f64 as ScaleBytesFn,
      }
    : null;
  return loops;
}

/** Copies `bytes` to the start of the memory, zeros after them up to a multiple of `step`; the padded length. */
function copyIn(wasm: Loops, bytes: Uint8Array, step: number): number {
  const padded = Math.ceil(bytes.length / step) * step;
  new Uint8Array(wasm.memory.buffer, 0, padded).fill(0, bytes.length).set(bytes);
  return padded;
}

/** The index of the first NaN or infinity in `a`, or -1. */
export function indexOfNonFinite(a: Floats): number {
  const wasm = wasmLoops();
  if (!wasm) return scanBlocks(a);
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const allFinite = a instanceof Float32Array ? wasm.allFinite32 : wasm.allFinite64;
  for (let at = 0; at < bytes.length; at += SCAN_WINDOW) {
    const window = bytes.subarray(at, at + SCAN_WINDOW);
    // NOTE: the zeros padding the last window are finite.
    if (allFinite(0, copyIn(wasm, window, 64)) === 0) {
      return firstNonFinite(a, at / a.BYTES_PER_ELEMENT, window.length / a.BYTES_PER_ELEMENT);
    }
  }
  return -1;
}

/**
 * Writes `values[i] * scale` into `out[i]` (the same length), bit for bit as JavaScript stores it in out's type; false
 * (nothing written) where WebAssembly is unavailable, for the caller's own conversion.
 */
export function scaleBytes(values: Uint8Array, out: Floats, scale: number): boolean {
  const wasm = wasmLoops();
  if (!wasm) return false;
  const wide = out instanceof Float64Array;
  const scaled = wide ? wasm.scaleBytes64 : wasm.scaleBytes32;
  const floats = wide
    ? new Float64Array(wasm.memory.buffer, OUT, BYTE_WINDOW)
    : new Float32Array(wasm.memory.buffer, OUT, BYTE_WINDOW);
  // NOTE: measured here (Node 20): V8 copies out of WebAssembly memory into a large array about 3.5× slower than out
  // of an ordinary one, but as fast into a small one; so each window's floats pass through a reused ordinary one.
  const staging = wide ? new Float64Array(BYTE_WINDOW) : new Float32Array(BYTE_WINDOW);
  for (let at = 0; at < values.length; at += BYTE_WINDOW) {
    const window = values.subarray(at, at + BYTE_WINDOW);
    scaled(0, copyIn(wasm, window, 16), OUT, scale);
    staging.set(floats);
    out.set(staging.subarray(0, window.length), at);
  }
  return true;
}

/** Elements summed at a time by the JavaScript scan; only a block whose sum is not finite is searched. */
const SCAN_BLOCK = 4096;

/**
 * The index of the first non-finite element of `a`, or -1, in JavaScript. x * 0 is 0 for every finite x and NaN
 * otherwise, so a block's sum of them is non-zero exactly when the block holds one: eight independent sums without a
 * branch per element run about twice as fast as testing each element (and as fast on both array types as one function
 * per type).
 */
export function scanBlocks(a: Floats): number {
  for (let from = 0; from < a.length; from += SCAN_BLOCK) {
    const to = Math.min(from + SCAN_BLOCK, a.length);
    // prettier-ignore
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    let i = from;
    for (; i + 7 < to; i += 8) {
      s0 += a[i] * 0;
      s1 += a[i + 1] * 0;
      s2 += a[i + 2] * 0;
      s3 += a[i + 3] * 0;
      s4 += a[i + 4] * 0;
      s5 += a[i + 5] * 0;
      s6 += a[i + 6] * 0;
      s7 += a[i + 7] * 0;
    }
    for (; i < to; i++) s0 += a[i] * 0;
    if (s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 !== 0) return firstNonFinite(a, from, to - from);
  }
  return -1;
}

/** The first non-finite of the `n` elements from `start`, tested one by one (the caller knows one is there). */
function firstNonFinite(a: Floats, start: number, n: number): number {
  for (let k = start; k < start + n; k++) if (a[k] - a[k] !== 0) return k;
  return -1;
}
