// Checks the folder boundaries of ARCHITECTURE.md: who may import whom. A stray import fails here, not in review.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '../../..');

/** For each folder: the project folders it may import from, and whether npm/Node packages are allowed. */
const RULES: Record<string, { may: string[]; packages: RegExp }> = {
  'src/engine': { may: ['src/engine'], packages: /^$/ },
  'src/netspec': { may: ['src/netspec', 'src/engine', 'schema'], packages: /^(jsonc-parser|ajv|csv-parse\/sync)$/ },
  'src/interop': {
    may: ['src/interop', 'src/engine', 'src/netspec'],
    packages: /^(jsonc-parser|protobufjs\/light)$/,
  },
  'src/node': { may: ['src/node', 'src/netspec'], packages: /^(fs|path)$/ },
  'src/worker': {
    may: ['src/worker', 'src/engine', 'src/netspec', 'src/node', 'src/protocol.ts'],
    packages: /^(worker_threads|fs|path)$/,
  },
  'src/cli': {
    may: ['src/cli', 'src/engine', 'src/netspec', 'src/node', 'src/interop', 'package.json'],
    packages: /^(commander|fs|path|os)$/,
  },
  'src/extension': {
    may: [
      'src/extension',
      'src/engine',
      'src/netspec',
      'src/node',
      'src/interop',
      'src/protocol.ts',
      'src/worker',
      'schema',
    ],
    packages: /^(vscode|fs|path|os|crypto|module|worker_threads|util|jsonc-parser|vscode-json-languageservice)$/,
  },
  webview: { may: ['webview', 'src/protocol.ts'], packages: /^(@vscode-elements\/.+|chart\.js(\/.*)?|uplot)$/ },
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

  it('src/protocol.ts imports nothing', () => {
    assert.deepEqual(importsOf(path.join(root, 'src/protocol.ts')), []);
  });
});
