import * as assert from 'node:assert/strict';
import { decodeBase64 } from '../../../src/shared/wasm';

describe('shared/wasm', () => {
  it('decodes base64', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => (i * 37) & 0xff);
    for (const n of [0, 1, 2, 3, 100, 256]) {
      const b64 = Buffer.from(bytes.subarray(0, n)).toString('base64');
      assert.deepEqual(decodeBase64(b64), bytes.subarray(0, n));
    }
  });
});
