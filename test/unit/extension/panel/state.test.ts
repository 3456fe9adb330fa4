import * as assert from 'node:assert/strict';
import { panelState } from '../../../../src/extension/panel/state';
import { parseSpec } from '../../../../src/netspec';
import { example } from '../helpers';

describe('extension/panelState', () => {
  it('summarises the spec, counts problems and carries the session and settings', () => {
    const { spec } = example('spiral.nn.json');
    const result = parseSpec('{ "input": 2, "layers": [] }', {
      specPath: '/x.nn.json',
      readFile: () => undefined,
      realpath: () => undefined,
    });
    const state = panelState({ fileName: 'spiral.nn.json', result, lastValid: spec, stale: true, edgeLimit: 300 });
    assert.equal(state.spec?.name, 'Spiral (3 classes)');
    assert.deepEqual(
      state.spec?.layers.map((l) => l.units),
      [16, 16, 3],
    );
    // 2·16+16 + 16·16+16 + 16·3+3
    assert.equal(state.spec?.paramCount, 48 + 272 + 51);
    assert.equal(state.spec?.hasValidation, true);
    assert.equal(state.spec?.optimizer, 'adam');
    assert.ok(state.problems.errors > 0);
    assert.equal(state.specHasErrors, true);
    assert.equal(state.stale, true);
    assert.deepEqual(state.session, { status: 'none', history: [] });
    assert.deepEqual(state.settings, { edgeLimit: 300 });
  });
});
