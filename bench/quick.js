// Quick engine-only timing while tuning: `node bench/quick.js [W2,W3 …] [float32|float64]` (bundles src/engine first).
const path = require('path');
const esbuild = require('esbuild');
const workloads = require('./workloads.json');
const { model, dataset } = require('./engineWorkload');
const { stepsPerSecond } = require('./timing');

const ROOT = path.resolve(__dirname, '..');
const outfile = path.join(ROOT, 'out/bench/engine.js');
esbuild.buildSync({
  entryPoints: [path.join(ROOT, 'src/engine/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  logLevel: 'error',
  outfile,
});
const engine = require(outfile);

const ids = (process.argv[2] || 'W1,W2,W3,W4').split(',');
const precisions = process.argv[3] ? [process.argv[3]] : ['float64', 'float32'];
for (const id of ids) {
  const w = workloads.find((x) => x.id === id);
  for (const precision of precisions) {
    const trainer = new engine.Trainer(model(w, precision), dataset(w), precision);
    const rate = stepsPerSecond((k) => trainer.runSteps(k), { seconds: 1 });
    console.log(`${id} ${precision}: ${Math.round(rate * w.batch).toLocaleString('en-US')} samples/s`);
  }
}
if (process.argv.includes('--gradcheck')) {
  const r = require('./engineBench').gradcheck(workloads);
  console.log(
    `gradcheck W2 ${r.w2FullCheckSeconds.toFixed(3)} s; W4 ${r.w4StepsPerDirection.toFixed(2)} steps/direction`,
  );
}
