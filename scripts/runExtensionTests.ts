// `npm run test:extension`: runs test/extension's mocha suite inside code-server's real extension host, against the
// packaged vsix.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { format } from 'util';
import { saveFailureArtifacts } from './artifacts';
import { EXTENSION_TESTS_PATH, RESULTS_DIR, ROOT, VSIX_PATH } from './paths';
import { cleanupOnSignals } from './processGroup';
import { startSession, type Session } from './session';
import { ensureTestHost } from './testHost';
import { withTimeout } from './wait';

/**
 * The whole suite, workbench start-up included: a guard against a hang, far above a healthy run (~1 min, the 10 MB
 * data check included), since a machine shared with other builds can be several times slower.
 */
const SUITE_TIMEOUT_MS = 15 * 60_000;
const FIXTURE_WORKSPACE = path.join(ROOT, 'test', 'extension', 'fixtures', 'workspace');
const RESULTS_FILE = path.join(RESULTS_DIR, 'extension-tests.json');

/** Runs the suite in an open session; resolves with the exit code the extension host reported. */
async function runSuite(session: Session, workspace: string, noDevExtension: string): Promise<number> {
  const { page, server } = session;
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  // Both must exist before the workbench loads: the host reports mocha's output and its result through them.
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => console.log(format(...args)));
  await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
  await page.goto(
    server.workbenchUrl(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(noDevExtension)],
      ['extensionTestsPath', server.remoteUri(EXTENSION_TESTS_PATH)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ]),
    // NOTE: 2 minutes, not Playwright's 30 s: on a machine shared with other test runs the page loads more slowly.
    { timeout: 120_000 },
  );
  return withTimeout(exited, SUITE_TIMEOUT_MS, 'the extension-host tests to finish');
}

async function main(): Promise<number> {
  if (!fs.existsSync(VSIX_PATH)) throw new Error(`${VSIX_PATH} is missing: run \`npm run package\` first`);
  const host = await ensureTestHost();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-ext-tests-'));
  // Tests may edit their specs: they get a copy, never the repository's files.
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  // NOTE: a development path without a package.json makes the workbench load the installed vsix instead.
  const noDevExtension = path.join(scratch, 'no-dev-extension');
  fs.mkdirSync(noDevExtension);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.rmSync(RESULTS_FILE, { force: true });

  let session: Session | undefined;
  const cleanup = async (): Promise<void> => {
    await session?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  const removeSignalHandlers = cleanupOnSignals(cleanup);
  try {
    // The installed vsix runs in Production mode: the variable asks it for its test API.
    const env = { BACKPROP_TEST_RESULTS: RESULTS_FILE, BACKPROP_TEST_API: '1' };
    session = await startSession(host, workspace, { vsix: VSIX_PATH, env });
    const code = await runSuite(session, workspace, noDevExtension);
    if (code !== 0) await saveFailureArtifacts('extension-tests', session.page, session.server);
    return code;
  } catch (err) {
    await saveFailureArtifacts('extension-tests', session?.page, session?.server);
    throw err;
  } finally {
    removeSignalHandlers();
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
