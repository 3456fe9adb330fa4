import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkWritableFolder, replaceKeepingBackup, writeAtomically } from '../../../src/cli/files';

let dir: string;

describe('cli/files', () => {
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-files-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces a file whole, keeping its permissions, and creates a missing one', () => {
    const file = path.join(dir, 'a.nn.json');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o600);
    writeAtomically(file, 'new');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    writeAtomically(path.join(dir, 'b.json'), 'fresh');
    assert.equal(fs.readFileSync(path.join(dir, 'b.json'), 'utf8'), 'fresh');
  });

  it('keeps the previous text in FILE.bak when replacing, none for a new file or without backup', () => {
    const file = path.join(dir, 'c.nn.json');
    assert.equal(replaceKeepingBackup(file, 'first'), undefined);
    assert.ok(!fs.existsSync(`${file}.bak`));
    assert.equal(replaceKeepingBackup(file, 'second'), `${file}.bak`);
    assert.equal(fs.readFileSync(`${file}.bak`, 'utf8'), 'first');
    assert.equal(replaceKeepingBackup(file, 'third', false), undefined);
    assert.equal(fs.readFileSync(`${file}.bak`, 'utf8'), 'first');
    assert.equal(fs.readFileSync(file, 'utf8'), 'third');
  });

  it('refuses an output whose folder is missing before any work', () => {
    assert.throws(
      () => checkWritableFolder(path.join(dir, 'nope', 'run.ckpt.json'), 'checkpoint'),
      (e: Error) => {
        assert.match(e.message, /run\.ckpt\.json: cannot write the checkpoint: the folder .*nope does not exist/);
        return true;
      },
    );
    checkWritableFolder(path.join(dir, 'here.json'), 'checkpoint');
  });

  it('a failed write leaves the old file and no temporary file, and says so', () => {
    const target = path.join(dir, 'is-a-dir');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside'), 'keep');
    assert.throws(
      () => writeAtomically(target, 'text'),
      /is-a-dir: cannot write \(E\w+\); the file was left as it was/,
    );
    assert.equal(fs.readFileSync(path.join(target, 'inside'), 'utf8'), 'keep');
    assert.throws(() => writeAtomically(path.join(dir, 'missing', 'x.json'), 'text'), /cannot write \(ENOENT\)/);
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });
});
