// Type-checks each runtime with its own tsconfig (engine/spec see no Node, the webview sees the DOM…), then the tests.
// Plain JavaScript because it runs before anything is compiled.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const PROJECTS = [
  'src/shared',
  'src/engine',
  'src/netspec',
  'src/interop',
  'src/cli',
  'src/worker',
  'src/debug',
  'src/extension',
  'webview',
  'scripts',
  '.',
];
const SKIPPED_DIRS = new Set(['node_modules', 'vendor']);

/** True when the folder holds a .ts file; a runtime nobody has written yet has nothing to check. */
function hasTypeScript(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && hasTypeScript(path.join(dir, entry.name))) return true;
    if (entry.isFile() && entry.name.endsWith('.ts')) return true;
  }
  return false;
}

// Compiled tests of moved or deleted sources would otherwise still run from out/.
fs.rmSync(path.join(ROOT, 'out', 'test'), { recursive: true, force: true });

let failed = false;
for (const project of PROJECTS) {
  const dir = path.join(ROOT, project);
  // The root project is the tests: check the test folder, not the whole repository.
  if (!hasTypeScript(project === '.' ? path.join(ROOT, 'test') : dir)) {
    console.log(`typecheck: ${project} skipped (no .ts files yet)`);
    continue;
  }
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', path.join(project, 'tsconfig.json')],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  console.log(`typecheck: ${project} ${tsc.status === 0 ? 'ok' : 'FAILED'}`);
  failed ||= tsc.status !== 0;
}
process.exit(failed ? 1 : 0);
