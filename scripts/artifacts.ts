// On failure: a screenshot of the workbench and the server's logs (extension host included) under test-results/.
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import type { CodeServer } from './codeServer';
import { RESULTS_DIR } from './paths';

/** A file-name-safe form of a test title. */
function slug(name: string): string {
  return name
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 80);
}

/** Saves what is needed to understand a failure; never throws (it runs while handling one). */
export async function saveFailureArtifacts(
  name: string,
  page: Page | undefined,
  server: CodeServer | undefined,
): Promise<void> {
  const dir = path.join(RESULTS_DIR, 'failures', slug(name));
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (page && !page.isClosed()) await page.screenshot({ path: path.join(dir, 'workbench.png'), timeout: 10_000 });
    server?.saveLogs(dir);
    console.error(`[artifacts] failure screenshot and logs in ${path.relative(process.cwd(), dir)}`);
  } catch (err) {
    console.error(`[artifacts] could not save everything for "${name}": ${String(err)}`);
  }
}
