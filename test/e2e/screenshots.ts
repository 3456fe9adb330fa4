// Screenshots kept as CI artifacts under test-results/, and copied into docs/ when refreshing the README's pictures.
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { RESULTS_DIR, ROOT } from '../../scripts/paths';

const DIR = path.join(RESULTS_DIR, 'screenshots');
/** `npm run screenshots` sets this to refresh docs/ (off by default so test runs leave the tree clean). */
const UPDATE_DOCS = process.env['BACKPROP_DOCS_SCREENSHOTS'] === '1';

/** Saves a screenshot of the page (or of one element) as `<name>.png`; returns its path. */
export async function screenshot(
  target: Page | Locator,
  name: string,
  options: { docs?: boolean } = {},
): Promise<string> {
  fs.mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, `${name}.png`);
  await target.screenshot({ path: file, timeout: 15_000 });
  if (UPDATE_DOCS && options.docs) {
    fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
    fs.copyFileSync(file, path.join(ROOT, 'docs', `${name}.png`));
  }
  return file;
}
