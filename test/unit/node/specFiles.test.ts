import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  HeaderCache,
  headerSpecHost,
  mallocHugePages,
  nodeSpecHost,
  posixPath,
  type ByteRead,
} from '../../../src/node/specFiles';

describe('node/specFiles', () => {
  it("reads data in place only where glibc's malloc gives huge pages (the CLI's relaunch of a large load)", () => {
    assert.equal(mallocHugePages({}), false);
    assert.equal(mallocHugePages({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }), true);
    assert.equal(mallocHugePages({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2' }), true);
    assert.equal(mallocHugePages({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }), false);
    assert.equal(mallocHugePages({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=10' }), false);
    assert.equal(nodeSpecHost('/tmp/a.nn.json').readsInPlace, mallocHugePages());
  });

  let dir = '';
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-files-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads headers, sizes and whole files for the worker and the CLI, and nothing for a missing one', () => {
    const file = path.join(dir, 'a.csv');
    fs.writeFileSync(file, 'x,y\n1,2\n');
    const host = nodeSpecHost(path.join(dir, 'net.nn.json'));
    assert.equal(host.readFile(posixPath(file)), 'x,y\n1,2\n');
    assert.equal(host.readFile(posixPath(path.join(dir, 'missing.csv'))), undefined);
    const missing = posixPath(path.join(dir, 'missing.csv'));
    assert.deepEqual(Array.from(host.readBinary(posixPath(file)) ?? []), Array.from(Buffer.from('x,y\n1,2\n')));
    assert.equal(host.readBinary(missing), undefined);
    // Headers first (the memory estimate reads them before the whole file), clamped at the file's end.
    assert.equal(new TextDecoder().decode(host.readBytes(posixPath(file), 4, 100)), '1,2\n');
    assert.equal(host.readBytes(missing, 0, 4), undefined);
    assert.equal(host.fileSize(posixPath(file)), 8);
    assert.equal(host.fileSize(missing), undefined);
  });

  it('reads byte ranges once per file version, reading again when its size or mtime changes', () => {
    const file = posixPath(path.join(dir, 'b.csv'));
    fs.writeFileSync(file, 'abcdefgh');
    const reads: ByteRead[] = [];
    const cache = new HeaderCache((r) => reads.push(r));
    const first = cache.read(file, 2, 4);
    assert.deepEqual(Buffer.from(first!.bytes).toString(), 'cdef');
    assert.deepEqual(Buffer.from(cache.read(file, 6, 100)!.bytes).toString(), 'gh', 'fewer bytes at the end');
    assert.equal(cache.read(file, 2, 4)!.bytes, first!.bytes, 'a second read comes from the cache');
    assert.deepEqual(reads, [
      { path: file, offset: 2, bytes: 4 },
      { path: file, offset: 6, bytes: 2 },
    ]);
    fs.writeFileSync(file, 'ABCDEFGHIJ');
    assert.deepEqual(Buffer.from(cache.read(file, 2, 4)!.bytes).toString(), 'CDEF', 'the changed file is read again');
    assert.equal(reads.length, 3);
    assert.notEqual(first!.stamp, cache.read(file, 2, 4)!.stamp);
    assert.equal(cache.read(posixPath(path.join(dir, 'none.csv')), 0, 4), undefined);
  });

  it("records the stamps of the data files a header host read, for its callers' caches", () => {
    const file = posixPath(path.join(dir, 'c.csv'));
    fs.writeFileSync(file, 'x,y\n');
    const host = headerSpecHost(path.join(dir, 'net.nn.json'), dir, new HeaderCache());
    assert.deepEqual(host.dataStamps(), []);
    host.readBytes?.(file, 0, 4096);
    const [stamp] = host.dataStamps();
    const stat = fs.statSync(file);
    assert.equal(stamp, `${file} ${stat.size} ${stat.mtimeMs}`);
    assert.ok(!('readFile' in host), 'a header host never reads a whole file');
  });
});
