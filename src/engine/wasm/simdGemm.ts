// Runs a GEMM in the WebAssembly SIMD module: operands are copied into its memory, packed into panels, multiplied, copied back.
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
type PackFn = (src: number, R: number, K: number, rs: number, cs: number, dst: number, tile: number) => void;
type GemmFn = (M: number, N: number, K: number, ap: number, bp: number, c: number, tmp: number) => void;

/** One precision's entry points and register tile. */
interface Kernel {
  pack: PackFn;
  gemm: GemmFn;
  mr: number;
  nr: number;
  bytes: number;
}

const PAGE = 65536;
const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

export class SimdGemm {
  private readonly memory: WasmMemory;
  private readonly f32: Kernel;
  private readonly f64: Kernel;
  private view32: Float32Array;
  private view64: Float64Array;

  constructor(exports: Record<string, unknown>) {
    this.memory = exports.memory as WasmMemory;
    const kernel = (t: 'f32' | 'f64', bytes: number): Kernel => ({
      pack: exports[`pack_${t}`] as PackFn,
      gemm: exports[`gemm_${t}`] as GemmFn,
      mr: (exports[`${t}_mr`] as { value: number }).value,
      nr: (exports[`${t}_nr`] as { value: number }).value,
      bytes,
    });
    this.f32 = kernel('f32', 4);
    this.f64 = kernel('f64', 8);
    this.view32 = new Float32Array(this.memory.buffer);
    this.view64 = new Float64Array(this.memory.buffer);
  }

  /**
   * C[M,N] (+)= Σ_k a(i,k)·b(k,j) with a(i,k) = A[i·ai + k·ak] and b(k,j) = B[k·bk + j·bj] (element strides),
   * A, B and C all of one precision. `accumulate` adds to C instead of overwriting it.
   */
  gemm(M: number, N: number, K: number, A: Floats, ai: number, ak: number, B: Floats, bk: number, bj: number, C: Floats, accumulate: boolean): void {
    const k = A instanceof Float32Array ? this.f32 : this.f64;
    const s = k.bytes;
    // Byte layout: edge tile | raw A | raw B | C | packed A | packed B, each 16-byte aligned.
    const tmp = 0;
    const rawA = roundUp(k.mr * k.nr * s, 16);
    const rawB = rawA + roundUp(M * K * s, 16);
    const c = rawB + roundUp(K * N * s, 16);
    const packA = c + roundUp(M * N * s, 16);
    const packB = packA + roundUp(M, k.mr) * K * s;
    this.reserve(packB + roundUp(N, k.nr) * K * s);
    const view = s === 4 ? this.view32 : this.view64;
    view.set(A.length === M * K ? A : A.subarray(0, M * K), rawA / s);
    view.set(B.length === K * N ? B : B.subarray(0, K * N), rawB / s);
    if (accumulate) view.set(C.length === M * N ? C : C.subarray(0, M * N), c / s);
    else view.fill(0, c / s, c / s + M * N);
    k.pack(rawA, M, K, ai * s, ak * s, packA, k.mr);
    k.pack(rawB, N, K, bj * s, bk * s, packB, k.nr);
    k.gemm(M, N, K, packA, packB, c, tmp);
    C.set(view.subarray(c / s, c / s + M * N));
  }

  private reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    this.memory.grow(Math.ceil((bytes - have) / PAGE));
    this.view32 = new Float32Array(this.memory.buffer);
    this.view64 = new Float64Array(this.memory.buffer);
  }
}

/** The SIMD kernels, or undefined where WebAssembly or its SIMD extension is unavailable (the plain loops run then). */
export function loadSimdGemm(): SimdGemm | undefined {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmGlobalApi }).WebAssembly;
  if (!wasm) return undefined;
  try {
    const instance = new wasm.Instance(new wasm.Module(decodeBase64(GEMM_WASM_BASE64)), {});
    return new SimdGemm(instance.exports);
  } catch {
    return undefined; // NOTE: an engine without WASM SIMD rejects the module; the plain kernels give the same float64 results.
  }
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
