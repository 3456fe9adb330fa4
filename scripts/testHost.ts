// Installs and caches the test host: missing Debian packages, the offline ripgrep trick, code-server under
// .vscode-test/.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHROMIUM_PATH, TEST_HOST_DIR } from './paths';
import { runCommand } from './run';

/** Newest code-server that runs on Node 20 (VS Code 1.100.3). */
export const CODE_SERVER_VERSION = '4.100.3';
const INSTALL_DIR = path.join(TEST_HOST_DIR, `code-server-${CODE_SERVER_VERSION}`);
const PACKAGE_DIR = path.join(INSTALL_DIR, 'node_modules', 'code-server');
const MARKER = path.join(INSTALL_DIR, '.installed');
const ENTRY = path.join(PACKAGE_DIR, 'out', 'node', 'entry.js');
/**
 * Chromium to drive the workbench, ripgrep for the offline trick, libkrb5-dev to build code-server's kerberos module.
 */
const DEBIAN_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev'];
/** Files that exist only when code-server's postinstall really ran and built its native modules. */
const POSTINSTALL_OUTPUTS = [
  'lib/vscode/node_modules.asar',
  'lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
  'lib/vscode/node_modules/node-pty/build/Release/pty.node',
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/native-watchdog/build/Release/watchdog.node',
  'lib/vscode/node_modules/kerberos/build/Release/kerberos.node',
];
const MINUTE = 60_000;

/** What the runners need to start a real VS Code. */
export interface TestHost {
  /** code-server's Node entry point (run with this Node). */
  codeServerEntry: string;
  chromium: string;
}

function isInstalled(pkg: string): Promise<boolean> {
  return runCommand('dpkg-query', ['-W', '-f=${Status}', pkg], { timeoutMs: MINUTE, quiet: true }).then(
    (status) => status.includes('install ok installed'),
    () => false,
  );
}

/** apt-get installs whichever Debian packages are missing (root only; otherwise says what to run). */
async function ensureDebianPackages(): Promise<void> {
  const missing: string[] = [];
  for (const pkg of DEBIAN_PACKAGES) if (!(await isInstalled(pkg))) missing.push(pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Missing Debian packages: run  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  console.log(`[test-host] apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runCommand('apt-get', ['update', '-qq'], { env, timeoutMs: 10 * MINUTE, quiet: true });
  await runCommand('apt-get', ['install', '-y', '-qq', ...missing], { env, timeoutMs: 20 * MINUTE, quiet: true });
}

/**
 * @vscode/ripgrep's postinstall downloads rg from the internet, but looks in its cache first:
 * seed the cache with Debian's rg so the install works offline.
 */
async function seedRipgrepCache(): Promise<void> {
  const cacheDir = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const tarball = path.join(cacheDir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (fs.existsSync(tarball)) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  await runCommand('tar', ['czf', tarball, '-C', '/usr/bin', 'rg'], { timeoutMs: MINUTE });
}

function missingPostinstallOutputs(): string[] {
  return POSTINSTALL_OUTPUTS.filter((rel) => !fs.existsSync(path.join(PACKAGE_DIR, rel)));
}

/**
 * npm-installs code-server into its own folder (~300 MB, builds native modules), then checks the build really
 * happened.
 */
async function installCodeServer(): Promise<void> {
  console.log(
    `[test-host] installing code-server@${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), INSTALL_DIR)} (about 2 minutes)`,
  );
  fs.rmSync(INSTALL_DIR, { recursive: true, force: true });
  fs.mkdirSync(INSTALL_DIR, { recursive: true });
  // NOTE: npm 11 reviews dependency install scripts against `allowScripts`; code-server's postinstall
  // (which installs VS Code's own modules) and argon2's native build are the ones this folder needs.
  const manifest = { name: 'backprop-test-host', private: true, allowScripts: { 'code-server': true, argon2: true } };
  fs.writeFileSync(path.join(INSTALL_DIR, 'package.json'), JSON.stringify(manifest, null, 2));
  // npm_config_yes: a postinstall calls npx and CI has no stdin; unsafe_perm: root must be allowed to run it.
  const env = { ...process.env, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' };
  await runCommand(
    'npm',
    ['install', '--unsafe-perm', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`],
    {
      cwd: INSTALL_DIR,
      env,
      timeoutMs: 20 * MINUTE,
      quiet: true,
    },
  );
  const missing = missingPostinstallOutputs();
  if (missing.length > 0) {
    throw new Error(
      `code-server's postinstall did not build everything (missing: ${missing.join(', ')}); ` +
        'check that npm ran its install scripts and that libkrb5-dev and a C++ toolchain are present',
    );
  }
  fs.writeFileSync(MARKER, `${CODE_SERVER_VERSION}\n`);
}

/** code-server's entry point when an earlier run installed it completely; installs nothing. */
export function installedCodeServer(): string | undefined {
  return fs.existsSync(MARKER) && missingPostinstallOutputs().length === 0 ? ENTRY : undefined;
}

/** Makes sure everything is installed (once; later calls only check) and says where it is. */
export async function ensureTestHost(): Promise<TestHost> {
  await ensureDebianPackages();
  if (!installedCodeServer()) {
    await seedRipgrepCache();
    await installCodeServer();
  }
  return { codeServerEntry: ENTRY, chromium: CHROMIUM_PATH };
}

if (require.main === module) {
  ensureTestHost().then(
    (host) => console.log(`[test-host] ready: ${host.codeServerEntry}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
