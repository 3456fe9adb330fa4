// Where the test host, its runs and their artifacts live; every tool resolves paths from here.
import * as path from 'path';

/** The repository root (this file compiles to out/scripts/). */
export const ROOT = path.resolve(__dirname, '..', '..');
/** Cached test host installs and packaged vsix (git-ignored). */
export const TEST_HOST_DIR = path.join(ROOT, '.vscode-test');
/** Screenshots, logs and result files kept as CI artifacts (git-ignored). */
export const RESULTS_DIR = path.join(ROOT, 'test-results');
/** The vsix `npm run package` writes and the tests install. */
export const VSIX_PATH = path.join(ROOT, 'dist', 'backprop-studio.vsix');
/** The extension-host test runner that both hosts load. */
export const EXTENSION_TESTS_PATH = path.join(ROOT, 'out', 'test', 'extension', 'index');
/** The specs a new user opens first. */
export const EXAMPLES_DIR = path.join(ROOT, 'examples');
/** Debian's Chromium, driven by playwright-core (never a downloaded browser). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
