// UI tests: a user opens the examples in the real workbench (code-server + Chromium) with the packaged vsix installed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { saveFailureArtifacts } from '../../scripts/artifacts';
import { EXAMPLES_DIR, VSIX_PATH } from '../../scripts/paths';
import { cleanupOnSignals } from '../../scripts/processGroup';
import { startSession, type Session } from '../../scripts/session';
import { ensureTestHost } from '../../scripts/testHost';
import { screenshot } from './screenshots';
import { Workbench } from './workbench';

describe('Backprop Studio in the workbench', function () {
  let session: Session | undefined;
  let workbench: Workbench;
  let scratch: string;
  let removeSignalHandlers = (): void => undefined;

  before(async function () {
    this.timeout(10 * 60_000); // a first run installs the test host
    assert.ok(fs.existsSync(VSIX_PATH), `${VSIX_PATH} is missing: run \`npm run package\` first`);
    const host = await ensureTestHost();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-e2e-'));
    // The user's workspace is a copy of examples/ (or of BACKPROP_E2E_EXAMPLES), so nothing a test does reaches the repository.
    const workspace = path.join(scratch, 'examples');
    fs.cpSync(process.env['BACKPROP_E2E_EXAMPLES'] ?? EXAMPLES_DIR, workspace, { recursive: true });
    removeSignalHandlers = cleanupOnSignals(async () => session?.close());
    session = await startSession(host, workspace, { vsix: VSIX_PATH });
    workbench = new Workbench(session.page);
    await workbench.load(session.server.workbenchUrl(workspace), 'xor.nn.json');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await saveFailureArtifacts(this.currentTest.fullTitle(), session?.page, session?.server);
  });

  after(async () => {
    removeSignalHandlers();
    await session?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('opens an example from the explorer', async () => {
    await workbench.openFromExplorer('xor.nn.json');
    const text = await workbench.page.locator('.editor-instance .monaco-editor .view-lines').first().textContent();
    assert.match(text ?? '', /"layers"/);
  });

  it('shows a hover describing the layer under the mouse', async () => {
    const text = await workbench.hover('"units"', 'fan-in');
    assert.match(text, /\d+ units · [a-z-]+ · fan-in \d+ · \d+ parameters/);
    await screenshot(workbench.page, 'hover', { docs: true });
    await workbench.page.keyboard.press('Escape');
  });

  it('opens the panel beside the spec from the command palette', async () => {
    await workbench.runCommand('Backprop: Open Network Spec…');
    await workbench.pick('xor.nn.json', 'xor.nn.json');
    const name = await workbench.webviewText('h1.spec-name', (t) => t.length > 0);
    assert.match(name, /xor/i);
    const layers = await workbench.webview().locator('ol.layers li.layer').count();
    assert.ok(layers >= 2, `the panel lists ${layers} layers`);
    const graphUnits = await workbench.webview().locator('svg.graph circle.unit').count();
    assert.ok(graphUnits >= 3, `the graph draws ${graphUnits} units`);
    await screenshot(workbench.page, 'panel', { docs: true });
  });

  it('marks the broken example with squiggles and lists its problems', async () => {
    await workbench.openFromExplorer('broken.nn.json');
    const squiggles = await workbench.count('.editor-instance .monaco-editor .view-overlays .squiggly-error', 'error squiggles');
    assert.ok(squiggles > 0);
    await screenshot(workbench.page, 'broken-squiggles');
    await workbench.page.locator('#status\\.problems').click();
    const rows = await workbench.count('.markers-panel .monaco-list-row', 'rows in the Problems panel');
    assert.ok(rows > 1, `the Problems panel shows ${rows} rows`);
    const problems = (await workbench.page.locator('.markers-panel').textContent()) ?? '';
    assert.match(problems, /broken\.nn\.json/);
    await screenshot(workbench.page, 'problems', { docs: true });
  });
});
