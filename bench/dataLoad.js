// One timed load of a data set through the spec parser, as the CLI and the worker load it (bundled by dataBench.js).
// Usage: node out/bench/dataLoad.js DIR INPUTS_JSON LABELS_JSON INPUT_SIZE — prints one JSON line: seconds, CPU
// seconds, peak RSS.
// NOTE: JavaScript bundled by esbuild, which compiles the TypeScript sources it requires.
const path = require('path');
const { parseSpec } = require('../src/netspec');
const { nodeSpecHost } = require('../src/node/specFiles');

const [dir, inputs, labels, input] = process.argv.slice(2);
const spec = JSON.stringify({
  input: Number(input),
  layers: [{ units: 10, activation: 'softmax' }],
  loss: 'cross-entropy',
  training: { precision: 'float32' },
  data: { inputs: JSON.parse(inputs), labels: JSON.parse(labels) },
});
const host = nodeSpecHost(path.join(dir, 'bench.nn.json'));
// A first parse of inline data compiles the schema and warms the parser: the timed parse is the data's load.
parseSpec(spec.replace(/"data":.*}$/, '"data":{"inputs":[[0]],"labels":[0]}}'), host);
const started = performance.now();
const cpu = process.cpuUsage();
const result = parseSpec(spec, host, { maxNumbers: 1e10 });
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
const errors = result.problems.filter((p) => p.severity === 'error').map((p) => p.message);
if (errors.length > 0) throw new Error(errors.join('\n'));
const rows = result.spec?.data?.rows ?? 0;
// maxRSS is in kilobytes: the process's peak, the whole load included.
// cpuSeconds (user + system) is what a loaded machine leaves nearly unchanged: it counts the faults, not the waits.
const cpuSeconds = (used.user + used.system) / 1e6;
console.log(JSON.stringify({ seconds, cpuSeconds, rows, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
