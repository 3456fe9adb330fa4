import * as assert from 'node:assert/strict';
import { compileWasm, decodeBase64 } from '../../../src/shared/wasm';

describe('shared/wasm', () => {
  it('decodes base64', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 37) & 0xff);
    for (const n of [0, 1, 2, 3, 100, 256]) {
      const b64 = Buffer.from(bytes.subarray(0, n)).toString('base64');
      assert.deepEqual(decodeBase64(b64), bytes.subarray(0, n));
    }
  });

  it('compiles a module into fresh instances, or gives null where WebAssembly or the module is refused', () => {
    // (module (memory (export "m") 1))
    const module = Buffer.from([0, 97, 115, 109, 1, 0, 0, 0, 5, 3, 1, 0, 1, 7, 5, 1, 1, 109, 2, 0]).toString('base64');
    const compiled = compileWasm(module);
    assert.ok(compiled);
    assert.notEqual(compiled.instance().exports.m, compiled.instance().exports.m);
    assert.equal(compileWasm(Buffer.from('not wasm').toString('base64')), null);
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'WebAssembly');
    try {
      Object.defineProperty(globalThis, 'WebAssembly', { value: undefined, configurable: true });
      assert.equal(compileWasm(module), null);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'WebAssembly', saved);
    }
  });
});
