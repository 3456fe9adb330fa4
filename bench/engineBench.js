// The engine side of the benchmark: training steps/s on a workload, and the gradient checks' costs.
const { stepsPerSecond } = require('./timing');
const { model, dataset } = require('./engineWorkload');

// Bundled from src/engine by bench/run.js before any measurement.
const engine = require('../out/bench/engine.js');

/** Soak length for the memory check on the tiny workload (the "flat over 100k steps"). */
const SOAK_STEPS = 100000;

function measure(w, precision) {
  const trainer = new engine.Trainer(model(w, precision), dataset(w), precision);
  const rate = stepsPerSecond((k) => {
    if (trainer.runSteps(k) !== k) throw new Error(`diverged: ${trainer.divergence && trainer.divergence.message}`);
  });
  const result = { stepsPerSec: rate, samplesPerSec: rate * w.batch };
  if (w.id === 'W1') {
    global.gc?.();
    const before = process.memoryUsage();
    trainer.runSteps(SOAK_STEPS);
    global.gc?.();
    const after = process.memoryUsage();
    result.soak = {
      steps: SOAK_STEPS,
      heapDeltaBytes: after.heapUsed - before.heapUsed,
      rssDeltaBytes: after.rss - before.rss,
    };
  }
  return result;
}

const time = (f) => {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
};

/**
 * Full per-parameter check of W2 over 1,000 samples, and W4's directional check priced in W4 float64 training steps.
 */
function gradcheck(workloads) {
  const w2 = workloads.find((x) => x.id === 'W2');
  const m2 = model(w2, 'float64');
  const d2 = dataset(w2, 1000);
  engine.gradientCheck(m2, d2, undefined, { sample: 20 }); // warm-up
  const full = time(() => engine.gradientCheck(m2, d2));

  const w4 = workloads.find((x) => x.id === 'W4');
  const m4 = model(w4, 'float64');
  const d4 = dataset(w4, w4.batch); // one batch, so a direction and a training step see the same rows
  engine.directionalCheck(m4, d4, undefined, { directions: 1 }); // warm-up
  // The best of three, as the training step is the best of its windows (bench/timing.js).
  const perDirection = Math.min(
    ...[0, 1, 2].map(() => {
      const one = time(() => engine.directionalCheck(m4, d4, undefined, { directions: 1 }));
      const four = time(() => engine.directionalCheck(m4, d4, undefined, { directions: 4 }));
      return (four - one) / 3;
    }),
  );
  const trainer = new engine.Trainer(m4, d4, 'float64');
  const step = 1 / stepsPerSecond((k) => trainer.runSteps(k));
  return {
    w2FullCheckSeconds: full,
    w2Parameters: new engine.ParamLayout(m2).size,
    w2Samples: d2.rows,
    w4DirectionSeconds: perDirection,
    w4StepSeconds: step,
    w4StepsPerDirection: perDirection / step,
  };
}

module.exports = { measure, gradcheck };
