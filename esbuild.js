// Builds the bundles (extension, its schema service, worker, CLI, debug adapter, webview); `--watch` rebuilds on
// change, `--production` minifies.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Logs in a shape VS Code's `$esbuild-watch` problem matcher understands. */
const problemMatcherLog = {
  name: 'problem-matcher-log',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const base = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  metafile: true,
  plugins: [problemMatcherLog],
};

/**
 * Every `import * as vscode from 'vscode'` would otherwise get its own esbuild namespace copy of the API object (one
 * getter per API name, ~400 of them, in each of ~25 modules): 100+ ms of the bundle's load under load. Routing them
 * through one module that re-exports 'vscode' makes that copy once.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';" }));
  },
};

/**
 * Packages whose module bodies do work when evaluated (fflate builds its Huffman tables: ~15 ms of the extension's
 * load) but which only reading a data file needs. In the extension's bundle each becomes a module of getters that
 * evaluates the package on first use: esbuild wraps a package that is `require`d in a lazy initializer.
 */
const LAZY_PACKAGES = new Set(['fflate', 'csv-parse/sync']);
const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      LAZY_PACKAGES.has(args.path) && args.namespace !== 'lazy-package'
        ? { path: args.path, namespace: 'lazy-package' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
      const name = JSON.stringify(args.path);
      const getters = Object.keys(require(args.path)).map((key) => {
        const k = JSON.stringify(key);
        return `Object.defineProperty(exports, ${k}, { enumerable: true, get: () => load()[${k}] });`;
      });
      return {
        resolveDir: __dirname,
        contents: [`let loaded;`, `const load = () => (loaded ??= require(${name}));`, ...getters].join('\n'),
      };
    });
  },
};

// NOTE: 'module' first: jsonc-parser's UMD main build uses dynamic requires esbuild cannot follow.
const nodeBase = { ...base, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'] };

const bundles = [
  {
    ...nodeBase,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    plugins: [...base.plugins, vscodeOnce, lazyPackages],
  },
  { ...nodeBase, entryPoints: ['src/worker/trainingWorker.ts'], outfile: 'dist/worker.js' },
  // Loaded by the extension on the first completion, hover or outline of a spec, not at activation.
  { ...nodeBase, entryPoints: ['src/extension/language/schemaService.ts'], outfile: 'dist/schemaService.js' },
  // The model bridges (protobufjs and all), loaded by the extension on the first export or import.
  { ...nodeBase, entryPoints: ['src/interop/index.ts'], outfile: 'dist/interop.js' },
  { ...nodeBase, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The training debug adapter the extension runs inline, loaded on the first debug session, not at activation.
  { ...nodeBase, entryPoints: ['src/debug/adapter.ts'], outfile: 'dist/debugSession.js' },
  // The training debug adapter on its own, speaking DAP over stdio (the extension runs the same adapter inline).
  { ...nodeBase, entryPoints: ['src/debug/standalone.ts'], outfile: 'dist/debugAdapter.js' },
  {
    ...base,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
  },
];

/** Prints each bundle's size so a bundle that suddenly grows is noticed. */
function reportSizes() {
  for (const b of bundles) {
    const bytes = fs.statSync(b.outfile).size;
    console.log(`  ${path.basename(b.outfile).padEnd(17)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
}

async function main() {
  if (watch) {
    const contexts = await Promise.all(bundles.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(bundles.map((b) => esbuild.build(b)));
  fs.chmodSync('dist/cli.js', 0o755);
  reportSizes();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
