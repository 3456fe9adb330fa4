import * as assert from 'node:assert/strict';
import { HeldDrawing } from '../../../../webview/drawing/heldDrawing';

describe('webview/heldDrawing', () => {
  it('draws at once while the part is visible, and before its first visibility report', () => {
    const held = new HeldDrawing();
    const drawn: string[] = [];
    held.draw(() => drawn.push('first'));
    held.setVisible(true);
    held.draw(() => drawn.push('second'));
    assert.deepEqual(drawn, ['first', 'second']);
  });

  it('holds only the newest drawing while the part is out of view, and runs it once when it comes back', () => {
    const held = new HeldDrawing();
    const drawn: string[] = [];
    held.setVisible(false);
    held.draw(() => drawn.push('old'));
    held.draw(() => drawn.push('new'));
    assert.deepEqual(drawn, []);
    held.setVisible(true);
    assert.deepEqual(drawn, ['new']);
    held.setVisible(false);
    held.setVisible(true);
    assert.deepEqual(drawn, ['new'], 'a drawing runs once');
  });

  it('drops a held drawing when cleared', () => {
    const held = new HeldDrawing();
    const drawn: string[] = [];
    held.setVisible(false);
    held.draw(() => drawn.push('gone'));
    held.clear();
    held.setVisible(true);
    assert.deepEqual(drawn, []);
  });
});
