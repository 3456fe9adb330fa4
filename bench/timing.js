// Times a training step function: a warm-up, then whole rounds until enough wall time has passed; never asserts times.

/** Runs `step` (which does `k` steps) until `seconds` pass; returns steps per second of the measured part. */
function stepsPerSecond(step, { warmup = 0.4, seconds = 1.5, minSteps = 3 } = {}) {
  const now = () => performance.now() / 1000;
  let k = 1;
  const t0 = now();
  // Warm-up doubles the round size so a round lasts ~10 ms, and lets the JIT settle.
  for (let steps = 0; steps < 2 || now() - t0 < warmup; steps += k) {
    const r = now();
    step(k);
    if (now() - r < 0.01) k *= 2;
  }
  let steps = 0;
  const start = now();
  while (steps < minSteps || now() - start < seconds) {
    step(k);
    steps += k;
  }
  return steps / (now() - start);
}

module.exports = { stepsPerSecond };
