import * as assert from 'node:assert/strict';
import { isDeletedBy, movedKey } from '../../../../src/extension/platform/fileMoves';

describe('extension/fileMoves', () => {
  it('follows a renamed spec, and a renamed or moved folder holding it', () => {
    assert.equal(
      movedKey('file:///w/xor.nn.json', 'file:///w/xor.nn.json', 'file:///w/b.nn.json'),
      'file:///w/b.nn.json',
    );
    assert.equal(
      movedKey('file:///w/nets/xor.nn.json', 'file:///w/nets', 'file:///w/old/nets2'),
      'file:///w/old/nets2/xor.nn.json',
    );
    assert.equal(
      movedKey('file:///w/nets/a/xor.nn.json', 'file:///w/nets/', 'file:///w/n/'),
      'file:///w/n/a/xor.nn.json',
    );
  });

  it('leaves other files alone, including a sibling whose name starts the same', () => {
    assert.equal(movedKey('file:///w/xor.nn.json', 'file:///w/spiral.nn.json', 'file:///w/s.nn.json'), undefined);
    assert.equal(movedKey('file:///w/nets2/xor.nn.json', 'file:///w/nets', 'file:///w/x'), undefined);
    assert.equal(movedKey('file:///w/xor.nn.json.bak', 'file:///w/xor.nn.json', 'file:///w/y.nn.json'), undefined);
  });

  it('knows which specs a deletion removed', () => {
    assert.equal(isDeletedBy('file:///w/xor.nn.json', 'file:///w/xor.nn.json'), true);
    assert.equal(isDeletedBy('file:///w/nets/xor.nn.json', 'file:///w/nets'), true);
    assert.equal(isDeletedBy('file:///w/nets2/xor.nn.json', 'file:///w/nets'), false);
  });
});
