// Optimizers: turn the gradient of J into a parameter update, keeping their state across steps.
import type { Kernels } from './kernels/kernels';
import type { Floats, OptimizerConfig } from './types';

export interface Optimizer {
  /**
   * Writes θ − update into `next` for every parameter and advances the optimizer's state.
   * Returns false when some new value is not finite, so the caller can keep the old θ.
   */
  step(theta: Floats, grad: Floats, next: Floats): boolean;
  /** Forgets all state (velocities, moments, step count). */
  reset(): void;
  learningRate: number;
  /**
   * The vectors it carries from step to step, live (sgd: the velocity; adam: the moments m and v; rmsprop: the mean
   * square v): with `updates`, everything a checkpoint needs to continue exactly.
   */
  readonly vectors: readonly Floats[];
  /** Updates taken since the last reset (Adam's t in its bias correction). */
  updates: number;
}

/**
 * Creates the optimizer the config names for n parameters, on the kernels of the network it updates (its state
 * vectors come from them too).
 */
export function createOptimizer(config: OptimizerConfig, n: number, kernels: Kernels): Optimizer {
  switch (config.type) {
    case 'sgd':
      return sgd(config.learningRate, config.momentum, kernels, kernels.alloc(n));
    case 'adam':
      return adam(config, kernels.alloc(n), kernels.alloc(n));
    case 'rmsprop':
      return rmsprop(config, kernels.alloc(n));
    default: {
      const unknown: never = config;
      throw new Error(`Internal error: unknown optimizer ${JSON.stringify(unknown)}`);
    }
  }
}

/** v = μ v + g; θ −= η v  (μ = 0: plain gradient descent, and v is never read). */
function sgd(learningRate: number, momentum: number, k: Kernels, v: Floats): Optimizer {
  return {
    learningRate,
    vectors: [v],
    updates: 0,
    step(theta, g, next) {
      this.updates++;
      return k.descend(theta, g, next, this.learningRate, v, momentum);
    },
    reset() {
      v.fill(0);
      this.updates = 0;
    },
  };
}

/** m = β1 m + (1−β1) g; v = β2 v + (1−β2) g²; θ −= η m̂ / (√v̂ + ε). */
function adam(config: Extract<OptimizerConfig, { type: 'adam' }>, m: Floats, v: Floats): Optimizer {
  const { beta1, beta2, epsilon } = config;
  return {
    learningRate: config.learningRate,
    vectors: [m, v],
    updates: 0,
    step(theta, g, next) {
      const t = ++this.updates;
      const eta = this.learningRate;
      const c1 = 1 - Math.pow(beta1, t);
      const c2 = 1 - Math.pow(beta2, t);
      let finite = 0;
      for (let i = 0; i < theta.length; i++) {
        const gi = g[i];
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        next[i] = theta[i] - (eta * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
        finite += next[i] * 0;
      }
      return finite === 0;
    },
    reset() {
      m.fill(0);
      v.fill(0);
      this.updates = 0;
    },
  };
}

/** v = ρ v + (1−ρ) g²; θ −= η g / (√v + ε). */
function rmsprop(config: Extract<OptimizerConfig, { type: 'rmsprop' }>, v: Floats): Optimizer {
  const { rho, epsilon } = config;
  return {
    learningRate: config.learningRate,
    vectors: [v],
    updates: 0,
    step(theta, g, next) {
      this.updates++;
      const eta = this.learningRate;
      let finite = 0;
      for (let i = 0; i < theta.length; i++) {
        const gi = g[i];
        v[i] = rho * v[i] + (1 - rho) * gi * gi;
        next[i] = theta[i] - (eta * gi) / (Math.sqrt(v[i]) + epsilon);
        finite += next[i] * 0;
      }
      return finite === 0;
    },
    reset() {
      v.fill(0);
      this.updates = 0;
    },
  };
}
