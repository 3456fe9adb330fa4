// The xor example, parsed and trained from its spec weights: a small real network of two inputs for these tests.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Trainer, type Dataset } from '../../../../src/engine';
import { parseSpec } from '../../../../src/netspec';
import { nodeSpecHost } from '../../../../src/node/specFiles';

export function xorTrainer(): { trainer: Trainer; data: Dataset } {
  const xor = path.join(__dirname, '../../../../../examples/xor.nn.json');
  const { spec } = parseSpec(fs.readFileSync(xor, 'utf8'), nodeSpecHost(xor));
  assert.ok(spec?.data);
  return { trainer: new Trainer(spec.model, spec.data, 'float64'), data: spec.data };
}
