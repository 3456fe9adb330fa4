// What loading the extension's bundle costs, outside VS Code: `node bench/bundleLoad.js [dist/extension.js] [repeats]`
// (after `npm run package`, whose bundles are minified as shipped). Re-requires the bundle `repeats` times with a stub
// `vscode` module and prints each load's CPU time (user + system) and the median: CPU time, unlike wall time, barely
// moves when the machine is shared. bench:editor times the same re-require inside the real extension host.
const fs = require('fs');
const Module = require('module');
const path = require('path');

const file = path.resolve(process.argv[2] ?? 'dist/extension.js');
const repeats = Number(process.argv[3] ?? 15);

// Every name the vscode module exports, each a stub that answers any property, call or `new` with itself: enough for
// the bundle's top level (which only reads enums and classes) to run.
const typings = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const names = new Set([...typings.matchAll(/export (?:class|namespace|enum|const|function) (\w+)/g)].map((m) => m[1]));
const target = function () {};
const stub = new Proxy(target, {
  get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : stub),
  construct: () => stub,
  apply: () => stub,
});
for (const name of names) {
  Object.defineProperty(target, name, { get: () => stub, enumerable: true, configurable: true });
}
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};

const times = [];
for (let i = 0; i < repeats; i++) {
  delete require.cache[file];
  const before = process.cpuUsage();
  require(file);
  const used = process.cpuUsage(before);
  times.push((used.user + used.system) / 1000);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`${path.relative(process.cwd(), file)}: ${(fs.statSync(file).size / 1024).toFixed(1)} KiB`);
console.log(`CPU ms per load: ${times.map((t) => t.toFixed(1)).join(' ')}`);
console.log(`median ${sorted[Math.floor(repeats / 2)].toFixed(1)} ms (the first load also reads the file cold)`);
