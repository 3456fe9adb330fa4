// The TF.js side of the benchmark: the same workloads as plain matMul/add layers trained by tf.train.sgd.
const path = require('path');
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
// tfjs-core's node build registers no gradients; bench/run.js bundles its ESM registration (the registry is global).
require('../out/bench/tfjs-gradients.js');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const { stepsPerSecond } = require('./timing');
const { dataset } = require('./engineWorkload');

const ACTIVATIONS = { sigmoid: tf.sigmoid, tanh: tf.tanh, relu: tf.relu };

async function measure(w, backend) {
  if (backend === 'wasm') {
    // The .wasm files ship inside the package; one thread, like every other column.
    wasm.setWasmPaths(
      `${path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`,
    );
    wasm.setThreadsCount(1);
  }
  await tf.setBackend(backend);
  await tf.ready();
  const data = dataset(w);
  const nin = w.sizes[0];
  const nout = w.sizes[w.sizes.length - 1];
  const batches = Math.floor(data.rows / w.batch);
  const xs = tf.tensor2d(Float32Array.from(data.inputs), [data.rows, nin]);
  const ys = tf.tensor2d(Float32Array.from(data.targets), [data.rows, nout]);
  const xb = Array.from({ length: batches }, (_, b) => tf.slice(xs, [b * w.batch, 0], [w.batch, nin]));
  const yb = Array.from({ length: batches }, (_, b) => tf.slice(ys, [b * w.batch, 0], [w.batch, nout]));
  const vars = [];
  for (let l = 1; l < w.sizes.length; l++) {
    const scale = Math.sqrt((w.hidden === 'relu' ? 2 : 1) / w.sizes[l - 1]);
    vars.push(
      tf.variable(tf.randomNormal([w.sizes[l - 1], w.sizes[l]], 0, scale, 'float32', 1)),
      tf.variable(tf.zeros([w.sizes[l]])),
    );
  }
  const opt = tf.train.sgd(0.01);
  const act = ACTIVATIONS[w.hidden];
  let b = 0;
  const loss = (x, y) => {
    let a = x;
    for (let v = 0; v < vars.length; v += 2) {
      const z = tf.add(tf.matMul(a, vars[v]), vars[v + 1]);
      a = v + 2 < vars.length ? act(z) : z;
    }
    return w.loss === 'ce' ? tf.losses.softmaxCrossEntropy(y, a) : tf.losses.sigmoidCrossEntropy(y, a);
  };
  const rate = stepsPerSecond((k) => {
    for (let i = 0; i < k; i++) {
      const cost = opt.minimize(() => loss(xb[b], yb[b]), true, vars);
      cost.dataSync(); // the engine reads its loss every step too
      cost.dispose();
      b = (b + 1) % batches;
    }
  });
  return { stepsPerSec: rate, samplesPerSec: rate * w.batch, backend: tf.getBackend() };
}

module.exports = { measure };
