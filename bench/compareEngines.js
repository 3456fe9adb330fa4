// Compares the engine of two checkouts on the bench's workloads in one process, on a machine others share:
// `node bench/compareEngines.js <before checkout> [after checkout, default this one] [W1,W2,…]`.
// Each side runs short windows of whole steps, interleaved, timed in CPU time (time the process spends off the CPU
// does not count), and the fastest window counts; the ratio after/before is the figure to read.
const path = require('path');
const esbuild = require('esbuild');
const workloads = require('./workloads.json');
const { model, dataset } = require('./engineWorkload');

/** The engine of a checkout, bundled as the bench bundles it. */
function engineOf(root, name) {
  const outfile = path.resolve(__dirname, `../out/bench/compare-${name}.js`);
  esbuild.buildSync({
    entryPoints: [path.join(root, 'src/engine/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
    outfile,
  });
  return require(outfile);
}

/** CPU milliseconds `f` takes. */
function cpuMs(f) {
  const c0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
}

/** Steps per CPU second of each side: the fastest of `rounds` interleaved windows of about `windowMs` each. */
function compare(sides, build, rounds, windowMs) {
  const trainers = sides.map((s) => build(s.engine));
  let n = 1;
  while (Math.min(...[0, 1, 2].map(() => cpuMs(() => trainers[0].runSteps(n)))) < windowMs) n *= 2;
  const best = sides.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    for (const i of r % 2 ? [1, 0] : [0, 1])
      best[i] = Math.min(
        best[i],
        cpuMs(() => trainers[i].runSteps(n)),
      );
  }
  return best.map((ms) => (n / ms) * 1000);
}

function main() {
  const [before, after = path.resolve(__dirname, '..'), ids = 'W1,W2,W3,W4'] = process.argv.slice(2);
  if (!before) throw new Error('usage: node bench/compareEngines.js <before checkout> [after checkout] [W1,W2,…]');
  const sides = [
    { name: 'before', engine: engineOf(path.resolve(before), 'before') },
    { name: 'after', engine: engineOf(path.resolve(after), 'after') },
  ];
  console.log('workload      before steps/s   after steps/s   after/before');
  for (const id of ids.split(',')) {
    const w = workloads.find((x) => x.id === id);
    // Longer windows and fewer rounds for the larger workloads, so each takes about as long.
    const [rounds, windowMs] = { W1: [600, 2], W2: [600, 2], W3: [200, 5] }[id] ?? [40, 20];
    for (const precision of ['float64', 'float32']) {
      const build = (engine) => new engine.Trainer(model(w, precision), dataset(w), precision);
      const [b, a] = compare(sides, build, rounds, windowMs);
      const cell = (v) => v.toLocaleString('en-US', { maximumFractionDigits: v < 100 ? 1 : 0 }).padStart(15);
      console.log(`${`${id} ${precision}`.padEnd(12)}${cell(b)} ${cell(a)}   ${(a / b).toFixed(3).padStart(12)}`);
    }
  }
  const w2 = workloads.find((x) => x.id === 'W2');
  const [m2, d2] = [model(w2, 'float64'), dataset(w2, 1000)];
  const checks = sides.map(() => Infinity);
  for (let r = 0; r < 8; r++)
    for (const i of r % 2 ? [1, 0] : [0, 1])
      checks[i] = Math.min(
        checks[i],
        cpuMs(() => sides[i].engine.gradientCheck(m2, d2)),
      );
  console.log(`W2 full gradient check: before ${checks[0].toFixed(0)} ms, after ${checks[1].toFixed(0)} ms (CPU)`);
}

main();
