import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RUN_CASES, runCase, type RunRecord } from './trainingRuns';

const fixture = path.join(__dirname, '../../../../test/fixtures/engine/trainingRuns.json');

/** Paths of the numbers that differ in any bit (−0 and 0 differ too), the first few. */
function differences(got: unknown, want: unknown, at = ''): string[] {
  if (typeof want === 'number') return Object.is(got, want) ? [] : [`${at}: ${String(got)} vs ${want}`];
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) return [`${at}: length ${String(got)}`];
    return want.flatMap((w, i) => differences(got[i], w, `${at}[${i}]`)).slice(0, 5);
  }
  if (want && typeof want === 'object') {
    return Object.entries(want).flatMap(([k, w]) => differences((got as Record<string, unknown>)[k], w, `${at}.${k}`));
  }
  return got === want ? [] : [`${at}: ${String(got)} vs ${String(want)}`];
}

describe('engine: full training runs against the values recorded from main before the kernel seam', () => {
  const { runs } = JSON.parse(fs.readFileSync(fixture, 'utf8')) as { runs: RunRecord[] };

  it('records every case', () => {
    assert.deepEqual(
      runs.map((r) => r.name),
      RUN_CASES.map((c) => c.name),
    );
  });

  for (const c of RUN_CASES) {
    it(`${c.name}: every loss, weight, update, output and gradient check agrees bit for bit`, () => {
      const want = runs.find((r) => r.name === c.name);
      assert.ok(want, 'recorded');
      assert.deepEqual(differences(runCase(c), want), []);
    });
  }
});
