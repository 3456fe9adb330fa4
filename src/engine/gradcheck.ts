// Gradient checks: backprop's gradient against central differences, per parameter or along random directions.
import { ACTIVATION_TABLE } from './activations';
import { Network } from './network';
import { evaluateObjective, splitRows } from './objective';
import { Rng } from './rng';
import type { GradCheckRow } from '../shared/reports';
import type { Dataset, ModelConfig } from './types';

export type { GradCheckRow };

export type Verdict = 'good' | 'acceptable' | 'suspicious' | 'wrong';

export interface GradCheckReport {
  loss: number;
  eps: number;
  /** Parameters checked (all, or the sample). */
  checked: number;
  total: number;
  /** ‖a − n‖₂ / (‖a‖₂ + ‖n‖₂) over the checked parameters. */
  overallError: number;
  verdict: Verdict;
  mismatches: number;
  kinks: number;
  /** Worst first: mismatches, then by absolute error. */
  rows: GradCheckRow[];
}

export interface DirectionRow {
  analytic: number;
  numeric: number;
  absError: number;
  relError: number;
  kink: boolean;
}

export interface DirectionalReport {
  loss: number;
  eps: number;
  total: number;
  overallError: number;
  verdict: Verdict;
  kinks: number;
  directions: DirectionRow[];
}

export interface GradCheckOptions {
  /** Central-difference step (default 1e-6). */
  eps?: number;
  /** Check only this many parameters, drawn from the seed. */
  sample?: number;
}

/** The spec's thresholds on the overall relative error. */
export function verdictOf(overallError: number): Verdict {
  if (overallError < 1e-7) return 'good';
  if (overallError < 1e-5) return 'acceptable';
  if (overallError < 1e-3) return 'suspicious';
  return 'wrong';
}

/** Per-parameter check (always float64) at θ (default: the spec's initial weights) over the training rows. */
export function gradientCheck(
  model: ModelConfig,
  data: Dataset,
  theta?: ArrayLike<number>,
  options: GradCheckOptions = {},
): GradCheckReport {
  const run = new GradientCheckRun(model, data, theta, options);
  run.checkNext(run.planned);
  return run.report();
}

/**
 * A per-parameter check taken a few parameters at a time, so a caller can time it, show progress and stop it; its
 * report covers the parameters checked so far.
 */
export class GradientCheckRun {
  readonly eps: number;
  private readonly probe: Probe;
  private readonly analytic: Float64Array;
  private readonly indices: Uint32Array;
  private readonly rows: GradCheckRow[] = [];

  constructor(model: ModelConfig, data: Dataset, theta?: ArrayLike<number>, options: GradCheckOptions = {}) {
    this.eps = options.eps ?? 1e-6;
    this.probe = new Probe(model, data, theta);
    this.analytic = Float64Array.from(this.probe.net.grads);
    this.indices = chooseIndices(this.probe.net.layout.size, options.sample, model.seed);
  }

  /** Parameters in the network. */
  get total(): number {
    return this.probe.net.layout.size;
  }

  /** Parameters this check covers (all, or the sample). */
  get planned(): number {
    return this.indices.length;
  }

  get checked(): number {
    return this.rows.length;
  }

  /** Checks up to k more parameters; returns how many it checked. */
  checkNext(k: number): number {
    const { probe, eps, analytic } = this;
    const p = probe.net.params;
    const end = Math.min(this.indices.length, this.rows.length + k);
    const from = this.rows.length;
    for (let n = from; n < end; n++) {
      const i = this.indices[n];
      const saved = p[i];
      p[i] = saved + eps;
      const plus = probe.evaluate();
      p[i] = saved - eps;
      const minus = probe.evaluate();
      p[i] = saved;
      const numeric = (plus.J - minus.J) / (2 * eps);
      const ref = probe.net.layout.refAt(i)!; // i < size
      const err = errors(analytic[i], numeric);
      this.rows.push({
        index: i,
        ref,
        path: probe.net.layout.pathOf(ref),
        analytic: analytic[i],
        numeric,
        ...err,
        mismatch: err.absError > absoluteTolerance(probe.loss) && err.relError > 1e-4,
        kink: plus.kinks !== minus.kinks,
      });
    }
    return end - from;
  }

  /** The report over the parameters checked so far, worst first. */
  report(): GradCheckReport {
    const rows = this.rows.slice();
    rows.sort((a, b) => Number(b.mismatch) - Number(a.mismatch) || b.absError - a.absError);
    const overallError = overall(
      rows.map((r) => r.analytic),
      rows.map((r) => r.numeric),
    );
    return {
      loss: this.probe.loss,
      eps: this.eps,
      checked: rows.length,
      total: this.total,
      overallError,
      verdict: verdictFor(overallError, rows, this.probe.loss),
      mismatches: rows.filter((r) => r.mismatch).length,
      kinks: rows.filter((r) => r.kink).length,
      rows,
    };
  }
}

/**
 * Cheap check for large specs: compares g·v with (J(θ+εv) − J(θ−εv)) / 2ε along random unit directions v,
 * costing one gradient and two forward passes per direction instead of two per parameter.
 */
export function directionalCheck(
  model: ModelConfig,
  data: Dataset,
  theta?: ArrayLike<number>,
  options: { eps?: number; directions?: number } = {},
): DirectionalReport {
  const eps = options.eps ?? 1e-6;
  const probe = new Probe(model, data, theta);
  const p = probe.net.params;
  const n = p.length;
  const g = Float64Array.from(probe.net.grads);
  const base = Float64Array.from(p);
  const rng = new Rng(model.seed, 'gradcheck-directions');
  const v = new Float64Array(n);
  const directions: DirectionRow[] = [];
  for (let d = 0; d < (options.directions ?? 3); d++) {
    const norm = Math.sqrt(gaussians(rng, v));
    let analytic = 0;
    for (let i = 0; i < n; i++) {
      const vi = (v[i] /= norm);
      analytic += g[i] * vi;
      p[i] = base[i] + eps * vi;
    }
    const plus = probe.evaluate();
    for (let i = 0; i < n; i++) p[i] = base[i] - eps * v[i];
    const minus = probe.evaluate();
    p.set(base);
    const numeric = (plus.J - minus.J) / (2 * eps);
    directions.push({ analytic, numeric, ...errors(analytic, numeric), kink: plus.kinks !== minus.kinks });
  }
  const overallError = overall(
    directions.map((r) => r.analytic),
    directions.map((r) => r.numeric),
  );
  return {
    loss: probe.loss,
    eps,
    total: n,
    overallError,
    verdict: verdictFor(overallError, directions, probe.loss),
    kinks: directions.filter((r) => r.kink).length,
    directions,
  };
}

/**
 * A float64 network over the training rows that evaluates J and fingerprints which side of each kink every unit is on.
 */
class Probe {
  readonly net: Network;
  readonly loss: number;
  private readonly rows: Uint32Array;
  private readonly kinkLayers: number[];

  constructor(
    private readonly model: ModelConfig,
    private readonly data: Dataset,
    theta?: ArrayLike<number>,
  ) {
    this.net = new Network(model, 'float64', theta);
    this.rows = splitRows(data.rows, model.training.validationSplit, data.heldOut).train;
    this.kinkLayers = model.layers.flatMap((l, i) => (ACTIVATION_TABLE[l.activation].kink ? [i] : []));
    this.loss = evaluateObjective(this.net, data, this.rows, model.training.l2, true);
  }

  /** J at the current parameters, and a hash of the sign pattern of every kinked pre-activation. */
  evaluate(): { J: number; kinks: number } {
    let h = 0x811c9dc5;
    const fingerprint = (chunkRows: number): void => {
      for (const l of this.kinkLayers) {
        const Z = this.net.batchView(l).Z;
        for (let i = 0, n = chunkRows * this.model.layers[l].units; i < n; i++)
          h = Math.imul(h ^ (Z[i] > 0 ? 1 : 2), 0x01000193);
      }
    };
    const J = evaluateObjective(this.net, this.data, this.rows, this.model.training.l2, false, fingerprint);
    return { J, kinks: h >>> 0 };
  }
}

/**
 * Below this absolute difference, finite differences cannot tell two gradients apart (SPEC-FORMAT's mismatch floor).
 */
function absoluteTolerance(loss: number): number {
  return 1e-7 * Math.max(1, Math.abs(loss));
}

/**
 * The overall verdict, except that when every difference is below the absolute floor the gradients agree
 * as far as finite differences can tell: a network that fits its data has near-zero gradients whose
 * relative error is pure round-off, and that is not a wrong gradient.
 */
function verdictFor(overallError: number, rows: { absError: number }[], loss: number): Verdict {
  const tol = absoluteTolerance(loss);
  return rows.every((r) => r.absError <= tol) ? 'good' : verdictOf(overallError);
}

/**
 * Fills v with independent standard normals by Box–Muller, both values of each pair (r·cos θ and r·sin θ), and
 * returns Σ v².
 * NOTE: Rng.normal keeps only the cosine; a direction over W4's 670k weights then costs more than a training step
 * in logarithms, cosines and random bits alone. Using the pair halves that; the directions are still Gaussian
 * (so still uniform on the sphere), drawn from the same seeded stream, though not the ones Rng.normal would give.
 */
function gaussians(rng: Rng, v: Float64Array): number {
  let ss = 0;
  for (let i = 0; i < v.length; i += 2) {
    let u = rng.next();
    while (u === 0) u = rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * rng.next();
    const a = r * Math.cos(theta);
    v[i] = a;
    ss += a * a;
    if (i + 1 < v.length) {
      const b = r * Math.sin(theta);
      v[i + 1] = b;
      ss += b * b;
    }
  }
  return ss;
}

function errors(a: number, n: number): { absError: number; relError: number } {
  const absError = Math.abs(a - n);
  return { absError, relError: absError / Math.max(Math.abs(a), Math.abs(n), 1e-12) };
}

function overall(a: number[], n: number[]): number {
  let diff = 0;
  let na = 0;
  let nn = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - n[i]) ** 2;
    na += a[i] ** 2;
    nn += n[i] ** 2;
  }
  const denom = Math.sqrt(na) + Math.sqrt(nn);
  return denom === 0 ? 0 : Math.sqrt(diff) / denom;
}

/** All indices, or `sample` distinct ones drawn from the seed, in ascending order. */
function chooseIndices(total: number, sample: number | undefined, seed: number): Uint32Array {
  const all = Uint32Array.from({ length: total }, (_, i) => i);
  if (sample === undefined || sample >= total) return all;
  new Rng(seed, 'gradcheck-sample').shuffle(all);
  return all.subarray(0, Math.max(0, sample)).sort();
}
