// Runs axe-core's WCAG 2.1 A and AA rules inside the panel's document and describes what it finds for a person.
import * as fs from 'fs';
import type { AxeResults, Result } from 'axe-core';
import type { Frame, Page } from 'playwright-core';
import { waitFor } from '../../scripts/wait';

/** The rules a course's accessibility policy asks for (WCAG 2.0 and 2.1, levels A and AA). */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let source: string | undefined;

/** The panel's own document: the webview's inner frame (the outer one is VS Code's host page). */
export function panelFrame(page: Page): Promise<Frame> {
  return waitFor(
    async () => {
      const outer = await (await page.$('iframe.webview.ready'))?.contentFrame();
      const inner = await (await outer?.$('iframe#active-frame'))?.contentFrame();
      return inner && (await inner.$('#app .panel-header')) ? inner : undefined;
    },
    { what: "the panel's frame with its header", timeoutMs: 20_000 },
  );
}

/**
 * The serious and critical WCAG 2.1 A/AA violations axe-core finds in the panel. NOTE: axe is evaluated through the
 * debugging protocol, which the panel's CSP (no eval, scripts by nonce only) does not govern, so the panel under test
 * is the shipped one.
 */
export async function seriousViolations(frame: Frame): Promise<Result[]> {
  source ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(source);
  const results = await frame.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<AxeResults> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    WCAG_TAGS,
  );
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** One paragraph per violation: rule, impact, help, and each offending element with axe's explanation. */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, ' ')}`);
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`;
    })
    .join('\n');
}
