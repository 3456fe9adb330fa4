import * as assert from 'node:assert/strict';
import { TEMPLATES } from '../../../../src/extension/commands/templates';
import { nodeSpecHost } from '../../../../src/node/specFiles';
import { parseSpec } from '../../../../src/netspec';

describe('extension/templates', () => {
  for (const t of TEMPLATES) {
    it(`"${t.label}" is a valid spec without warnings, named *.nn.json`, () => {
      const { spec, problems } = parseSpec(t.text, nodeSpecHost(`/tmp/${t.fileName}`));
      assert.deepEqual(
        problems.map((p) => p.message),
        [],
      );
      assert.ok(spec?.data, 'it has data to train on');
      assert.match(t.fileName, /^[a-z-]+\.nn\.json$/);
    });
  }
});
