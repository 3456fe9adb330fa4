// The WebAssembly modules embedded as base64 text (scripts/build-wasm.js), compiled where the runtime can: the engine's
// and netspec's runtime-free lib has neither atob nor WebAssembly typings.

// NOTE: lib ES2022 lacks the WebAssembly typings, and declaring the global would clash with lib.dom wherever both are
// seen; so the few members used are typed here and read off globalThis.
interface WasmGlobalApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** An instance's memory. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

/** A compiled module: each call makes a fresh instance (its own memory). */
export interface CompiledWasm {
  instance(): { exports: Record<string, unknown> };
}

/** The module, or null where WebAssembly (or a feature the module uses, such as SIMD) is unavailable. */
export function compileWasm(base64: string): CompiledWasm | null {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmGlobalApi }).WebAssembly;
  if (!wasm) return null;
  try {
    const module = new wasm.Module(decodeBase64(base64));
    return { instance: () => new wasm.Instance(module, {}) };
  } catch {
    // NOTE: an engine without the module's features rejects it.
    return null;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with = padding) to bytes. */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | B64.indexOf(clean.charAt(i));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
