// Times a training step function: a warm-up, then the fastest of several windows of whole rounds; never asserts times.

/**
 * Runs `step` (which does `k` steps) for `seconds` after a warm-up; returns the steps per second of its fastest
 * window of seconds / windows (at least `minSteps` steps each). Every implementation is timed this way (NumPy's
 * twin is in numpy_bench.py): on a shared machine a burst of other work slows one window, not the figure.
 */
function stepsPerSecond(step, { warmup = 0.4, seconds = 1.5, minSteps = 3, windows = 5 } = {}) {
  const now = () => performance.now() / 1000;
  let k = 1;
  const t0 = now();
  // Warm-up doubles the round size so a round lasts ~10 ms, and lets the JIT settle.
  for (let steps = 0; steps < 2 || now() - t0 < warmup; steps += k) {
    const r = now();
    step(k);
    if (now() - r < 0.01) k *= 2;
  }
  let best = 0;
  const start = now();
  do {
    const w0 = now();
    let steps = 0;
    while (steps < minSteps || now() - w0 < seconds / windows) {
      step(k);
      steps += k;
    }
    best = Math.max(best, steps / (now() - w0));
  } while (now() - start < seconds);
  return best;
}

module.exports = { stepsPerSecond };
