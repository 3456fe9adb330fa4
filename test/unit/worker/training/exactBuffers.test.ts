import * as assert from 'node:assert/strict';
import { ExactBuffers } from '../../../../src/worker/training/exactBuffers';

describe('worker/training/exactBuffers', () => {
  it('copies into a returned buffer of the right size, and allocates when there is none', () => {
    const pool = new ExactBuffers();
    const values = new Float32Array([0.1, -2, 3.5]);
    const fresh = pool.copyOf(values);
    assert.deepEqual(Array.from(fresh), Array.from(values), 'float32 values widen exactly');
    const returned = new ArrayBuffer(3 * 8);
    pool.give([returned]);
    const reused = pool.copyOf([4, 5, 6]);
    assert.equal(reused.buffer, returned);
    assert.deepEqual(Array.from(reused), [4, 5, 6]);
    assert.notEqual(pool.copyOf([7, 8, 9]).buffer, returned, 'a buffer is handed out once');
  });

  it('drops what it keeps when a network of another size needs a buffer', () => {
    const pool = new ExactBuffers();
    const small = new ArrayBuffer(2 * 8);
    pool.give([small]);
    assert.notEqual(pool.copyOf([1, 2, 3]).buffer, small);
    assert.notEqual(pool.copyOf([1, 2]).buffer, small, 'the two-value buffer went with the mismatch');
  });

  it("keeps two snapshots' worth (six buffers) and ignores detached ones", () => {
    const pool = new ExactBuffers();
    const detached = new ArrayBuffer(3 * 8);
    structuredClone(detached, { transfer: [detached] });
    const given = Array.from({ length: 8 }, () => new ArrayBuffer(3 * 8));
    pool.give([detached, ...given]);
    const used = Array.from({ length: 8 }, () => pool.copyOf([1, 2, 3]).buffer);
    assert.deepEqual(
      used.map((b) => given.indexOf(b)),
      [0, 1, 2, 3, 4, 5, -1, -1],
    );
  });
});
