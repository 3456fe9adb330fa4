// The extension-host test runner both hosts load (test-electron on desktop, code-server here): runs every *.test.js
// beside it.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/testing/api';
import { EXTENSION_ID } from './helpers';

/** Optional JSON summary for CI, written where this env var points. */
const RESULTS_ENV = 'BACKPROP_TEST_RESULTS';
/** Optional regular expression: only the tests whose full title (suite and test) matches it run. */
const GREP_ENV = 'BACKPROP_TEST_GREP';

interface Summary {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

function testFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The extension's errors so far (its test API; none before it activates on the first spec or command). */
function shownErrors(): readonly string[] {
  const extension = vscode.extensions.getExtension<BackpropApi | undefined>(EXTENSION_ID);
  // NOTE: `exports` throws until the extension is active.
  return (extension?.isActive && extension.exports?.errors) || [];
}

/** Resolves when every test passed; rejects (so the host exits 1) otherwise. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  // A bug the product only reports (an illegal session status change) fails the test it happened in.
  let errorsBefore = 0;
  mocha.rootHooks({
    beforeEach: () => void (errorsBefore = shownErrors().length),
    afterEach: function (this: Mocha.Context) {
      // What the extension told the user during a failed test is often its cause (a refused command, a crash).
      if (this.currentTest?.state === 'failed')
        console.log(`      errors the extension showed: ${JSON.stringify(shownErrors().slice(errorsBefore))}`);
      const internal = shownErrors()
        .slice(errorsBefore)
        .filter((e) => e.includes('is not a transition'));
      if (internal.length > 0) throw new Error(`illegal session status changes: ${internal.join('; ')}`);
    },
  });
  const grep = process.env[GREP_ENV];
  if (grep) mocha.grep(new RegExp(grep));
  for (const file of testFiles(__dirname)) mocha.addFile(file);
  const summary: Summary = { passed: 0, failed: 0, pending: 0, failures: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const file = process.env[RESULTS_ENV];
      if (file) fs.writeFileSync(file, JSON.stringify(summary, null, 2));
      // The plain closing line CI tools read, in both hosts.
      console.log(`extension: ${summary.passed} passed, ${summary.failed} failed, ${summary.pending} skipped`);
      if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => summary.passed++);
    runner.on('pending', () => summary.pending++);
    runner.on('fail', (test, err: unknown) => {
      summary.failed++;
      summary.failures.push({
        title: test.fullTitle(),
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
    });
  });
}
