// `npm run test:vscode`: the same extension-host suite in desktop VS Code via @vscode/test-electron (needs internet and
// a display).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { EXTENSION_TESTS_PATH, RESULTS_DIR, ROOT, VSIX_PATH } from './paths';

async function main(): Promise<number> {
  if (!fs.existsSync(VSIX_PATH)) throw new Error(`${VSIX_PATH} is missing: run \`npm run package\` first`);
  const vscodeExecutablePath = await downloadAndUnzipVSCode('stable');
  // The CLI args carry test-electron's own --extensions-dir/--user-data-dir, so the vsix lands where runTests looks.
  const [cli, ...profileArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
  const install = spawnSync(cli, [...profileArgs, '--install-extension', VSIX_PATH, '--force'], {
    stdio: 'inherit',
    shell: os.platform() === 'win32',
  });
  if (install.status !== 0) throw new Error('installing the vsix into the test VS Code failed');

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-desktop-tests-'));
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(ROOT, 'test', 'extension', 'fixtures', 'workspace'), workspace, { recursive: true });
  // As with code-server: a development path without a package.json means the installed vsix is what runs.
  const noDevExtension = path.join(scratch, 'no-dev-extension');
  fs.mkdirSync(noDevExtension);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: noDevExtension,
      extensionTestsPath: EXTENSION_TESTS_PATH,
      // The installed vsix runs in Production mode: BACKPROP_TEST_API asks it for its test API.
      extensionTestsEnv: {
        BACKPROP_TEST_RESULTS: path.join(RESULTS_DIR, 'extension-tests-desktop.json'),
        BACKPROP_TEST_API: '1',
      },
      launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
