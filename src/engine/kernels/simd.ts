// The WebAssembly SIMD kernels (scripts/build-wasm.js): one module instance per network, whose memory holds every
// vector the network works on, so products and passes read their operands in place.
import type { ElementwiseName } from '../../shared/activations';
import type { Floats, Precision } from '../types';
import { compileWasm, type WasmMemory } from '../../shared/wasm';
import { GEMM_WASM_BASE64 } from './gemm.wasm';
import { PlainKernels } from './plain';

/** One precision's entry points (byte addresses into the memory) and its register tile, MR rows × NR columns. */
interface Entries {
  /** dst[q][k][t] = X[q·tile + t][k] (0 past row R), X[r][k] at src + r·rs + k·cs (byte strides). */
  pack(src: number, R: number, K: number, rs: number, cs: number, dst: number, tile: number): void;
  /** C[M,N] (+)= Â·B̂ from packed panels; `tmp` is scratch for the edge tiles. */
  gemm(M: number, N: number, K: number, ap: number, bp: number, c: number, accumulate: number, tmp: number): void;
  /** next = θ − η·(μv + g) (v at 0: no momentum); returns 1 when every value of next is finite. */
  sgd(theta: number, g: number, next: number, v: number, n: number, eta: number, mu: number): number;
  commit(next: number, theta: number, update: number, n: number): void;
  sumsq(x: number, n: number): number;
  tanh(z: number, a: number, n: number): void;
  relu(z: number, a: number, n: number): void;
  reluBack(z: number, da: number, dz: number, n: number): void;
  mr: number;
  nr: number;
}

const PAGE = 65536;
const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;
/** Regions start 16-byte aligned for v128 loads and stores. */
const align16 = (bytes: number): number => roundUp(bytes, 16);
/** Bytes of the edge-tile scratch the GEMM uses (the larger tile's), at address 0. */
const EDGE_SCRATCH = 256;

/**
 * NOTE: every vector these kernels are handed must come from their `alloc` (or be a subarray of one): they read it
 * at its byteOffset in their own memory. They do not check: looking each operand's buffer up in a WeakSet cost W1
 * 45% of its steps/s (W2 8%). A Network allocates all its vectors so.
 */
class SimdKernels extends PlainKernels {
  private readonly bytes: number;
  /** The next free byte: vectors are never freed (a network allocates its buffers once per batch size). */
  private top = EDGE_SCRATCH;
  /** The packed panels of op(A) and op(B), reallocated larger when a product needs more. */
  private readonly packA = { at: 0, bytes: 0 };
  private readonly packB = { at: 0, bytes: 0 };

  constructor(
    precision: Precision,
    private readonly memory: WasmMemory,
    private readonly x: Entries,
  ) {
    super(precision);
    this.bytes = precision === 'float32' ? 4 : 8;
  }

  override alloc(n: number): Floats {
    const at = this.reserve(n * this.bytes);
    // NOTE: the memory is shared, so growing it leaves every view made earlier valid; fresh pages read as zeros.
    const buffer = this.memory.buffer;
    return this.precision === 'float32' ? new Float32Array(buffer, at, n) : new Float64Array(buffer, at, n);
  }

  override gemm(
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    A: Floats,
    B: Floats,
    C: Floats,
    accumulate = false,
  ): void {
    const s = this.bytes;
    const { mr, nr } = this.x;
    const pa = this.panel(this.packA, roundUp(M, mr) * K * s);
    const pb = this.panel(this.packB, roundUp(N, nr) * K * s);
    // op(A)[i][k], and op(B)[k][j] read as the rows j of op(B)ᵀ.
    this.x.pack(A.byteOffset, M, K, transA ? s : K * s, transA ? M * s : s, pa, mr);
    this.x.pack(B.byteOffset, N, K, transB ? K * s : s, transB ? s : N * s, pb, nr);
    this.x.gemm(M, N, K, pa, pb, C.byteOffset, accumulate ? 1 : 0, 0);
  }

  override map(f: ElementwiseName, z: Floats, a: Floats, n: number): void {
    if (f === 'tanh') this.x.tanh(z.byteOffset, a.byteOffset, n);
    else if (f === 'relu')
      this.x.relu(z.byteOffset, a.byteOffset, n); // NOTE: branch-free; z's sign is a coin flip
    else super.map(f, z, a, n);
  }

  override mapBack(f: ElementwiseName, z: Floats, a: Floats, da: Floats, dz: Floats, n: number): void {
    if (f === 'relu') this.x.reluBack(z.byteOffset, da.byteOffset, dz.byteOffset, n);
    else super.mapBack(f, z, a, da, dz, n);
  }

  /**
   * NOTE: the same operations in the same order as the plain loop (float64 results are identical); in float32 it
   * rounds each to float32, where the plain loop rounds only the result.
   */
  override descend(theta: Floats, g: Floats, next: Floats, eta: number, v: Floats, mu: number): boolean {
    const vAt = mu === 0 ? 0 : v.byteOffset;
    return this.x.sgd(theta.byteOffset, g.byteOffset, next.byteOffset, vAt, theta.length, eta, mu) === 1;
  }

  override commit(next: Floats, theta: Floats, update: Floats): void {
    this.x.commit(next.byteOffset, theta.byteOffset, update.byteOffset, next.length);
  }

  override sumOfSquares(x: Floats, from: number, to: number): number {
    return this.x.sumsq(x.byteOffset + from * this.bytes, to - from);
  }

  /** `bytes` more bytes at the top of the memory, which grows to hold them. */
  private reserve(bytes: number): number {
    const at = this.top;
    this.top += align16(bytes);
    const have = this.memory.buffer.byteLength;
    if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / PAGE));
    return at;
  }

  /** A packed panel's address, with room for `bytes`. */
  private panel(p: { at: number; bytes: number }, bytes: number): number {
    if (bytes > p.bytes) {
      p.at = this.reserve(bytes);
      p.bytes = bytes;
    }
    return p.at;
  }
}

let compiled: ReturnType<typeof compileWasm> | undefined;

/**
 * Kernels on a fresh module instance, or undefined where WebAssembly, its SIMD or its shared memories are unavailable
 * (the plain loops run then, with the same float64 results).
 */
export function simdKernels(precision: Precision): PlainKernels | undefined {
  compiled ??= compileWasm(GEMM_WASM_BASE64);
  if (!compiled) return undefined;
  const exports = compiled.instance().exports;
  const t = precision === 'float32' ? 'f32' : 'f64';
  const entry = <F>(name: string): F => exports[`${name}_${t}`] as F;
  return new SimdKernels(precision, exports.memory as WasmMemory, {
    pack: entry('pack'),
    gemm: entry('gemm'),
    sgd: entry('sgd'),
    commit: entry('commit'),
    sumsq: entry('sumsq'),
    tanh: entry('tanh'),
    relu: entry('relu'),
    reluBack: entry('reluBack'),
    mr: (exports[`${t}_mr`] as { value: number }).value,
    nr: (exports[`${t}_nr`] as { value: number }).value,
  });
}
