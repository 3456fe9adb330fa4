// The committed schema validator is what ajv makes of the schema today: a schema edit without regenerating fails here.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';

describe('netspec/schema/validator', () => {
  it('matches scripts/build-schema-validator.js run on schema/nn.schema.json', function () {
    this.timeout(30000);
    const root = path.resolve(__dirname, '../../../../..');
    const args = ['scripts/build-schema-validator.js', '--check'];
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });
});
