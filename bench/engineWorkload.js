// Builds a workload's ModelConfig and a seeded synthetic data set for the engine (and its gradient-check benchmark).

/** Deterministic values in [-1, 1) so every run trains on the same data. */
function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

function model(w, precision) {
  const n = w.sizes.length - 1;
  return {
    seed: 1,
    input: w.sizes[0],
    layers: w.sizes.slice(1).map((units, l) => ({
      name: l === n - 1 ? 'output' : `hidden${l + 1}`,
      units,
      activation: l < n - 1 ? w.hidden : w.loss === 'ce' ? 'softmax' : 'sigmoid',
      init: w.hidden === 'relu' ? 'he' : 'xavier',
    })),
    loss: w.loss === 'ce' ? 'cross-entropy' : 'binary-cross-entropy',
    lossOutputs: w.loss === 'ce' ? 'sum' : 'mean',
    optimizer: { type: 'sgd', learningRate: 0.01, momentum: 0 },
    training: { epochs: 1, batchSize: w.batch, shuffle: false, l2: 0, validationSplit: 0, precision },
  };
}

/** Inputs in [-1, 1); one-hot class targets for CE, 0/1 labels for BCE. */
function dataset(w, rows = w.rows) {
  const nin = w.sizes[0];
  const nout = w.sizes[w.sizes.length - 1];
  const rand = seeded(42);
  const inputs = Float64Array.from({ length: rows * nin }, rand);
  const targets = new Float64Array(rows * nout);
  for (let r = 0; r < rows; r++) {
    if (nout === 1) targets[r] = rand() > 0 ? 1 : 0;
    else targets[r * nout + Math.floor(((rand() + 1) / 2) * nout)] = 1;
  }
  return { rows, inputSize: nin, outputSize: nout, inputs, targets };
}

module.exports = { model, dataset, seeded };
