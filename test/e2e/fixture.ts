// One code-server + Chromium per describe block, on a scratch copy of examples/, with failure artifacts after a failed
// test.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { saveFailureArtifacts } from '../../scripts/artifacts';
import { EXAMPLES_DIR, VSIX_PATH } from '../../scripts/paths';
import { cleanupOnSignals } from '../../scripts/processGroup';
import type { CodeServer } from '../../scripts/codeServer';
import { startSession, type Session } from '../../scripts/session';
import { ensureTestHost } from '../../scripts/testHost';
import { Workbench } from './workbench';

/** The workbench of the enclosing describe block, valid once its `before` hook ran. */
export interface WorkbenchFixture {
  readonly workbench: Workbench;
  /** The user's workspace folder (a scratch copy of the examples). */
  readonly workspace: string;
  /** The code-server serving the workbench (its logs tell which activation event started the extension). */
  readonly server: CodeServer;
}

/**
 * Registers before/afterEach/after hooks in the calling describe block: starts a session with the packaged vsix
 * installed, loads the workbench on a copy of examples/ (or of BACKPROP_E2E_EXAMPLES) plus `files` (name → text),
 * and stops everything after.
 */
export function useWorkbench(firstFile = 'xor.nn.json', files: Record<string, string> = {}): WorkbenchFixture {
  let session: Session | undefined;
  let workbench: Workbench | undefined;
  let scratch: string | undefined;
  let removeSignalHandlers = (): void => undefined;

  before(async function () {
    this.timeout(10 * 60_000); // a first run installs the test host
    assert.ok(fs.existsSync(VSIX_PATH), `${VSIX_PATH} is missing: run \`npm run package\` first`);
    const host = await ensureTestHost();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-e2e-'));
    // The user's workspace is a copy, so nothing a test does (write-back included) reaches the repository.
    const workspace = path.join(scratch, 'examples');
    fs.cpSync(process.env['BACKPROP_E2E_EXAMPLES'] ?? EXAMPLES_DIR, workspace, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
      fs.writeFileSync(path.join(workspace, name), text);
    }
    removeSignalHandlers = cleanupOnSignals(async () => session?.close());
    session = await startSession(host, workspace, { vsix: VSIX_PATH });
    workbench = new Workbench(session.page);
    await workbench.load(session.server.workbenchUrl(workspace), firstFile);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    await saveFailureArtifacts(this.currentTest.fullTitle(), session?.page, session?.server);
    // A quick input or hover left open by the failed test would block the next test's clicks.
    const page = session?.page;
    if (page && !page.isClosed())
      await page.keyboard
        .press('Escape')
        .then(() => page.keyboard.press('Escape'))
        .catch(() => undefined);
  });

  after(async () => {
    removeSignalHandlers();
    await session?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  return {
    get workbench(): Workbench {
      assert.ok(workbench, 'the workbench is not loaded (did the before hook fail?)');
      return workbench;
    },
    get workspace(): string {
      assert.ok(scratch, 'no workspace yet');
      return path.join(scratch, 'examples');
    },
    get server(): CodeServer {
      assert.ok(session, 'no code-server yet');
      return session.server;
    },
  };
}
