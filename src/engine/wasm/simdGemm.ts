// The WebAssembly SIMD GEMM kernels: an arena (one module instance and its memory) that callers lay their matrices
// out in, so GEMMs read their operands in place; and a copying entry point for matrices that live elsewhere.
import type { Floats } from '../types';
import { GEMM_WASM_BASE64 } from './gemm.wasm';

// NOTE: the engine's tsconfig has no WebAssembly typings (lib ES2022 lacks them), and declaring the global would
// clash with lib.dom wherever both are seen; so the few members used are typed here and read off globalThis.
interface WasmGlobalApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
/** pack(src, R, K, rs, cs, dst, tile): dst[q][k][t] = X[q·tile + t][k], X[r][k] at src + r·rs + k·cs (bytes). */
export type PackFn = (src: number, R: number, K: number, rs: number, cs: number, dst: number, tile: number) => void;
/** gemm(M, N, K, ap, bp, c, accumulate, tmp): C[M,N] (+)= Â·B̂ from packed panels (see scripts/build-wasm.js). */
export type GemmFn = (
  M: number,
  N: number,
  K: number,
  ap: number,
  bp: number,
  c: number,
  accumulate: number,
  tmp: number,
) => void;

/** The per-parameter passes of a training step (byte addresses; see scripts/build-wasm.js). */
export type SgdFn = (theta: number, g: number, next: number, v: number, n: number, eta: number, mu: number) => number;
export type CommitFn = (next: number, theta: number, update: number, n: number) => void;
export type SumSqFn = (x: number, n: number) => number;
/** a = f(z) over n values, bit for bit the scalar loop of activations.ts. */
export type MapFn = (z: number, a: number, n: number) => void;

/** One precision's entry points and register tile (MR rows × NR columns). */
export interface Kernel {
  pack: PackFn;
  gemm: GemmFn;
  sgd: SgdFn;
  commit: CommitFn;
  sumsq: SumSqFn;
  tanh: MapFn;
  relu: MapFn;
  reluBack: (z: number, da: number, dz: number, n: number) => void;
  mr: number;
  nr: number;
  bytes: number;
}

const PAGE = 65536;
export const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;
/** Regions start 16-byte aligned for v128 loads and stores. */
export const align16 = (bytes: number): number => roundUp(bytes, 16);
/** Bytes of the edge-tile scratch both kernels use (the larger tile), placed at address 0 by convention. */
export const SCRATCH_BYTES = 256;

/** Every arena by its current memory buffer, so a typed array can be traced back to the kernels that can reach it. */
const arenas = new WeakMap<ArrayBuffer, WasmArena>();

/**
 * The kernels of the arena that holds all these arrays (one precision), or undefined when any of them lives
 * elsewhere. Per-parameter passes use it to run in WebAssembly on vectors a Network placed in its arena.
 */
export function vectorKernel(first: Floats, ...rest: Floats[]): Kernel | undefined {
  const arena = arenas.get(first.buffer as ArrayBuffer);
  if (!arena) return undefined;
  for (const x of rest)
    if (x.buffer !== first.buffer || x instanceof Float32Array !== first instanceof Float32Array) return undefined;
  return first instanceof Float32Array ? arena.f32 : arena.f64;
}

/** One module instance: its memory, typed views onto all of it, and the kernels that work on it. */
export class WasmArena {
  readonly f32: Kernel;
  readonly f64: Kernel;
  private readonly memory: WasmMemory;
  view32: Float32Array;
  view64: Float64Array;

  constructor(exports: Record<string, unknown>) {
    this.memory = exports.memory as WasmMemory;
    const kernel = (t: 'f32' | 'f64', bytes: number): Kernel => ({
      pack: exports[`pack_${t}`] as PackFn,
      gemm: exports[`gemm_${t}`] as GemmFn,
      sgd: exports[`sgd_${t}`] as SgdFn,
      commit: exports[`commit_${t}`] as CommitFn,
      sumsq: exports[`sumsq_${t}`] as SumSqFn,
      tanh: exports[`tanh_${t}`] as MapFn,
      relu: exports[`relu_${t}`] as MapFn,
      reluBack: exports[`reluBack_${t}`] as Kernel['reluBack'],
      mr: (exports[`${t}_mr`] as { value: number }).value,
      nr: (exports[`${t}_nr`] as { value: number }).value,
      bytes,
    });
    this.f32 = kernel('f32', 4);
    this.f64 = kernel('f64', 8);
    this.view32 = new Float32Array(this.memory.buffer);
    this.view64 = new Float64Array(this.memory.buffer);
    arenas.set(this.memory.buffer, this);
  }

  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }

  /**
   * Makes the memory at least `bytes` long. Growing detaches every view made onto the old buffer (view32/view64
   * are renewed here); returns true then, so owners re-create theirs.
   */
  ensure(bytes: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return false;
    this.memory.grow(Math.ceil((bytes - have) / PAGE));
    arenas.set(this.memory.buffer, this);
    this.view32 = new Float32Array(this.memory.buffer);
    this.view64 = new Float64Array(this.memory.buffer);
    return true;
  }
}

/** Copies operands into an arena of its own per call: for matrices outside any arena (tests, one-off products). */
export class SimdGemm {
  constructor(private readonly arena: WasmArena) {}

  /**
   * C[M,N] (+)= Σ_k a(i,k)·b(k,j) with a(i,k) = A[i·ai + k·ak] and b(k,j) = B[k·bk + j·bj] (element strides),
   * A, B and C all of one precision. `accumulate` adds to C instead of overwriting it.
   */
  gemm(
    M: number,
    N: number,
    K: number,
    A: Floats,
    ai: number,
    ak: number,
    B: Floats,
    bk: number,
    bj: number,
    C: Floats,
    accumulate: boolean,
  ): void {
    const k = A instanceof Float32Array ? this.arena.f32 : this.arena.f64;
    const s = k.bytes;
    // Byte layout: edge tile | raw A | raw B | C | packed A | packed B, each 16-byte aligned.
    const rawA = SCRATCH_BYTES;
    const rawB = rawA + align16(M * K * s);
    const c = rawB + align16(K * N * s);
    const packA = c + align16(M * N * s);
    const packB = packA + roundUp(M, k.mr) * K * s;
    this.arena.ensure(packB + roundUp(N, k.nr) * K * s);
    const view = s === 4 ? this.arena.view32 : this.arena.view64;
    view.set(A.length === M * K ? A : A.subarray(0, M * K), rawA / s);
    view.set(B.length === K * N ? B : B.subarray(0, K * N), rawB / s);
    if (accumulate) view.set(C.length === M * N ? C : C.subarray(0, M * N), c / s);
    k.pack(rawA, M, K, ai * s, ak * s, packA, k.mr);
    k.pack(rawB, N, K, bj * s, bk * s, packB, k.nr);
    k.gemm(M, N, K, packA, packB, c, accumulate ? 1 : 0, 0);
    C.set(view.subarray(c / s, c / s + M * N));
  }
}

let compiled: { wasm: WasmGlobalApi; module: object } | null | undefined;

/** A fresh arena, or undefined where WebAssembly or its SIMD extension is unavailable (the plain loops run then). */
export function createArena(): WasmArena | undefined {
  if (compiled === undefined) {
    compiled = null;
    const wasm = (globalThis as unknown as { WebAssembly?: WasmGlobalApi }).WebAssembly;
    if (wasm) {
      try {
        compiled = { wasm, module: new wasm.Module(decodeBase64(GEMM_WASM_BASE64)) };
      } catch {
        // NOTE: an engine without WASM SIMD rejects the module; the plain kernels give the same float64 results.
      }
    }
  }
  if (!compiled) return undefined;
  return new WasmArena(new compiled.wasm.Instance(compiled.module, {}).exports);
}

/** The copying SIMD kernels, or undefined where WebAssembly SIMD is unavailable. */
export function loadSimdGemm(): SimdGemm | undefined {
  const arena = createArena();
  return arena && new SimdGemm(arena);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with = padding) to bytes; atob is not part of the engine's runtime-free lib. */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | B64.indexOf(clean[i]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
