// One measurement in a fresh process (so JIT feedback and backends never mix): prints one JSON line.
// Usage: node bench/measure.js engine|tfjs-cpu|tfjs-wasm|gradcheck WORKLOAD_ID [float32|float64]
const workloads = require('./workloads.json');

const [impl, id, precision = 'float32'] = process.argv.slice(2);

async function main() {
  const w = workloads.find((x) => x.id === id);
  if (impl === 'engine') return require('./engineBench').measure(w, precision);
  if (impl === 'gradcheck') return require('./engineBench').gradcheck(workloads);
  if (impl === 'tfjs-cpu' || impl === 'tfjs-wasm') return require('./tfjsBench').measure(w, impl.slice(5));
  throw new Error(`unknown implementation ${impl}`);
}

main().then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (e) => {
    process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);
