// The first NaN or infinity in a float array: the loaders check every element they write. WebAssembly's SIMD loop
// (scripts/wasm/finiteScan.wat.js) says whether a window holds one, copied in 64 KiB at a time; only a window that
// does is searched element by element. Where WebAssembly is unavailable the whole scan is JavaScript's.
import type { Floats } from '../../engine/types';
import { compileWasm, type WasmMemory } from '../../shared/wasm';
import { FINITE_WASM_BASE64 } from './finiteScan.wasm';

/** all_finite_T of the WAT: 1 when the elements in [p, end) are finite, `end - p` a multiple of 64 bytes. */
type AllFiniteFn = (p: number, end: number) => number;

interface Scanner {
  window: Uint8Array;
  f32: AllFiniteFn;
  f64: AllFiniteFn;
}

/**
 * Bytes copied in per call: one page of the instance's memory, touched once. NOTE: WebAssembly memory takes no huge
 * pages, and each fresh 4 KiB page's first touch costs ~15 µs on this VM.
 */
const WINDOW = 1 << 16;
/** Bytes the WAT's loop takes at a time: a window's tail is padded with zeros (finite) to a multiple of it. */
const STEP = 64;

let scanner: Scanner | null | undefined;

/** The process's one scanner (scans are synchronous, never nested), or null where WebAssembly cannot run it. */
function wasmScanner(): Scanner | null {
  if (scanner !== undefined) return scanner;
  const exports = compileWasm(FINITE_WASM_BASE64)?.instance().exports;
  scanner = exports
    ? {
        window: new Uint8Array((exports.memory as WasmMemory).buffer, 0, WINDOW),
        f32: exports.all_finite_f32 as AllFiniteFn,
        f64: exports.all_finite_f64 as AllFiniteFn,
      }
    : null;
  return scanner;
}

/** The index of the first NaN or infinity in `a`, or -1. */
export function indexOfNonFinite(a: Floats): number {
  const wasm = wasmScanner();
  if (!wasm) return scanBlocks(a, 0, a.length);
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const allFinite = a instanceof Float32Array ? wasm.f32 : wasm.f64;
  for (let at = 0; at < bytes.length; at += WINDOW) {
    const n = Math.min(WINDOW, bytes.length - at);
    const padded = Math.ceil(n / STEP) * STEP;
    wasm.window.set(bytes.subarray(at, at + n));
    wasm.window.fill(0, n, padded);
    if (allFinite(0, padded) === 0) return firstNonFinite(a, at / a.BYTES_PER_ELEMENT, n / a.BYTES_PER_ELEMENT);
  }
  return -1;
}

/** Elements summed at a time by the JavaScript scan; only a block whose sum is not finite is searched. */
const SCAN_BLOCK = 4096;

/**
 * The first non-finite element of `a` in [start, end), or -1, in JavaScript. x * 0 is 0 for every finite x and NaN
 * otherwise, so a block's sum of them is non-zero exactly when the block holds one: eight independent sums without a
 * branch per element run about twice as fast as testing each element (and as fast on both array types as one function
 * per type).
 */
export function scanBlocks(a: Floats, start: number, end: number): number {
  for (let from = start; from < end; from += SCAN_BLOCK) {
    const to = Math.min(from + SCAN_BLOCK, end);
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
