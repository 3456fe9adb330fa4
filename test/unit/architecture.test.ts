// Checks the folder boundaries of ARCHITECTURE.md: who may import whom. A stray import fails here, not in review.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '../../..');

/** For each folder: the project folders it may import from, and whether npm/Node packages are allowed. */
const RULES: Record<string, { may: string[]; packages: RegExp }> = {
  'src/shared': { may: ['src/shared'], packages: /^$/ },
  'src/engine': { may: ['src/engine', 'src/shared'], packages: /^$/ },
  'src/netspec': {
    may: ['src/netspec', 'src/engine', 'src/shared', 'schema'],
    packages: /^(jsonc-parser|ajv|csv-parse\/sync|fflate)$/,
  },
  'src/interop': {
    may: ['src/interop', 'src/engine', 'src/netspec', 'src/shared'],
    packages: /^(jsonc-parser|protobufjs\/light)$/,
  },
  'src/node': { may: ['src/node', 'src/netspec', 'src/shared'], packages: /^(fs|path)$/ },
  'src/worker': {
    may: ['src/worker', 'src/engine', 'src/netspec', 'src/node', 'src/shared', 'src/protocol.ts'],
    packages: /^(worker_threads|fs|path|os)$/,
  },
  // A training session gets its thread (posting, clock, scheduling) handed in, so it runs inside a unit test too.
  'src/worker/training': {
    may: ['src/worker', 'src/engine', 'src/netspec', 'src/shared', 'src/protocol.ts'],
    packages: /^$/,
  },
  'src/cli': {
    may: ['src/cli', 'src/engine', 'src/netspec', 'src/node', 'src/interop', 'src/shared', 'package.json'],
    packages: /^(commander|fs|path|os|crypto|child_process)$/,
  },
  // The debug adapter: DAP on one side, its worker through the protocol on the other.
  'src/debug': {
    may: ['src/debug', 'src/shared', 'src/protocol.ts'],
    packages: /^(@vscode\/debugadapter|@vscode\/debugprotocol|worker_threads|fs|path)$/,
  },
  // NOTE: no worker module: the host talks to the worker through the protocol only.
  'src/extension': {
    may: [
      'src/extension',
      'src/engine',
      'src/netspec',
      'src/node',
      'src/interop',
      'src/shared',
      'src/protocol.ts',
      'src/debug',
      'schema',
    ],
    packages: /^(vscode|fs|path|os|crypto|module|worker_threads|util|jsonc-parser|vscode-json-languageservice)$/,
  },
  // The protocol's types and the runtime-free core; see the test of type-only protocol imports below.
  webview: {
    may: ['webview', 'src/protocol.ts', 'src/shared'],
    packages: /^(@vscode-elements\/.+|chart\.js(\/.*)?|uplot)$/,
  },
};

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|require\(\s*'([^']+)'\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Files a source folder may hold before it reads as a heap: past this, it is split by feature. */
const MAX_FILES_PER_FOLDER = 15;

/** Every folder under `dir`, with how many files it holds itself. */
function folderSizes(dir: string): [string, number][] {
  const entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  const own: [string, number] = [dir, entries.filter((e) => e.isFile()).length];
  return [own, ...entries.filter((e) => e.isDirectory()).flatMap((e) => folderSizes(path.posix.join(dir, e.name)))];
}

describe('architecture: folder sizes', () => {
  it(`no source folder holds more than ${MAX_FILES_PER_FOLDER} files`, () => {
    const sizes = [...folderSizes('src'), ...folderSizes('webview')];
    assert.ok(sizes.length > 10, 'the walk found the source folders');
    assert.deepEqual(
      sizes.filter(([, n]) => n > MAX_FILES_PER_FOLDER),
      [],
    );
  });
});

describe('architecture: folder boundaries', () => {
  for (const [folder, rule] of Object.entries(RULES)) {
    it(`${folder} imports only what ARCHITECTURE.md allows`, () => {
      const dir = path.join(root, folder);
      const files = fs.existsSync(dir) ? tsFiles(dir) : [];
      assert.ok(files.length > 0, `${folder} has source files`);
      for (const file of files) {
        for (const spec of importsOf(file)) {
          const where = `${path.relative(root, file)} imports '${spec}'`;
          if (spec.startsWith('.')) {
            const target = path.relative(root, path.resolve(path.dirname(file), spec));
            assert.ok(
              rule.may.some((m) => target === m || target.startsWith(m + '/') || target === m.replace(/\.ts$/, '')),
              where,
            );
          } else {
            assert.match(spec.replace(/^node:/, ''), rule.packages, where);
          }
        }
      }
    });
  }

  it('src/protocol.ts imports only types, and only from the shared core', () => {
    const text = fs.readFileSync(path.join(root, 'src/protocol.ts'), 'utf8');
    for (const spec of importsOf(path.join(root, 'src/protocol.ts'))) assert.match(spec, /^\.\/shared\//);
    assert.doesNotMatch(text, /^import (?!type )/m, 'type-only imports');
  });

  it('the extension imports the lazily loaded bundles for their types only (they load on first use)', () => {
    // dist/interop.js (the model bridges) and dist/debugSession.js (the inline debug adapter).
    for (const file of tsFiles(path.join(root, 'src/extension'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /^(?:import|export) ([^;]*?) from '([^']*\/(?:interop|debug\/adapter)(?:\/[^']*)?)';/gm,
      ))
        assert.match(m[1], /^type /, `${path.relative(root, file)} imports values of ${m[2]}`);
    }
  });

  it('the webview imports the protocol for its types only', () => {
    for (const file of tsFiles(path.join(root, 'webview'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import ([^;]*?) from '([^']*\/protocol)';/gm))
        assert.match(m[1], /^type /, `${path.relative(root, file)} imports values of ${m[2]}`);
    }
  });
});
