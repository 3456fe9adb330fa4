// An independent, deliberately plain implementation of SPEC-FORMAT's math (one sample at a time, nested arrays)
// that the engine's kernels are checked against.
import type { ActivationName, Dataset, ModelConfig } from '../../../src/engine';

type Vec = number[];
type Mat = number[][];

const f: Record<Exclude<ActivationName, 'softmax'>, (z: number) => number> = {
  identity: (z) => z,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
  relu: (z) => Math.max(0, z),
  'leaky-relu': (z) => (z > 0 ? z : 0.01 * z),
  elu: (z) => (z > 0 ? z : Math.exp(z) - 1),
  softplus: (z) => Math.log(1 + Math.exp(z)),
  gelu: (z) => 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z ** 3))),
};

function df(name: Exclude<ActivationName, 'softmax'>, z: number): number {
  if (name === 'relu') return z > 0 ? 1 : 0;
  if (name === 'leaky-relu') return z > 0 ? 1 : 0.01;
  if (name === 'identity') return 1;
  if (name === 'sigmoid') return f.sigmoid(z) * (1 - f.sigmoid(z));
  if (name === 'tanh') return 1 - Math.tanh(z) ** 2;
  if (name === 'elu') return z > 0 ? 1 : Math.exp(z);
  if (name === 'softplus') return f.sigmoid(z);
  // gelu, written with sech² rather than the engine's 1 − tanh².
  const c = Math.sqrt(2 / Math.PI);
  const u = c * (z + 0.044715 * z ** 3);
  return 0.5 * (1 + Math.tanh(u)) + (0.5 * z * c * (1 + 3 * 0.044715 * z * z)) / Math.cosh(u) ** 2;
}

function softmax(z: Vec): Vec {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export interface NaiveParams {
  W: Mat[];
  b: Vec[];
}

/** Loss and gradient over the given sample indices, per SPEC-FORMAT (L2 included). */
export function naiveGradient(
  model: ModelConfig,
  data: Dataset,
  p: NaiveParams,
  samples: number[],
): { J: number; dW: Mat[]; db: Vec[] } {
  const m = samples.length;
  const L = model.layers.length;
  const k = model.layers[L - 1].units;
  // The divisor of the per-output terms: m·k for their mean, m for their sum (SPEC-FORMAT, Losses).
  const mk = model.lossOutputs === 'mean' ? m * k : m;
  const dW = p.W.map((w) => w.map((r) => r.map(() => 0)));
  const db = p.b.map((b) => b.map(() => 0));
  let J = 0;
  for (const s of samples) {
    const x = Array.from(data.inputs.subarray(s * data.inputSize, (s + 1) * data.inputSize));
    const y = Array.from(data.targets.subarray(s * k, (s + 1) * k));
    const zs: Vec[] = [];
    const as: Vec[] = [x];
    for (let l = 0; l < L; l++) {
      const z = p.W[l].map((row, j) => row.reduce((acc, w, i) => acc + w * as[l][i], p.b[l][j]));
      const act = model.layers[l].activation;
      zs.push(z);
      as.push(act === 'softmax' ? softmax(z) : z.map(f[act]));
    }
    const a = as[L];
    let delta: Vec;
    if (model.loss === 'mse') {
      J += a.reduce((acc, v, c) => acc + (v - y[c]) ** 2, 0) / mk;
      const act = model.layers[L - 1].activation as Exclude<ActivationName, 'softmax'>;
      delta = a.map((v, c) => ((2 * (v - y[c])) / mk) * df(act, zs[L - 1][c]));
    } else if (model.loss === 'binary-cross-entropy') {
      J -= a.reduce((acc, v, c) => acc + y[c] * Math.log(v) + (1 - y[c]) * Math.log(1 - v), 0) / mk;
      delta = a.map((v, c) => (v - y[c]) / mk);
    } else {
      J -= a.reduce((acc, v, c) => acc + y[c] * Math.log(v), 0) / m;
      delta = a.map((v, c) => (v - y[c]) / m);
    }
    for (let l = L - 1; l >= 0; l--) {
      delta.forEach((d, j) => {
        db[l][j] += d;
        as[l].forEach((ai, i) => (dW[l][j][i] += d * ai));
      });
      if (l > 0) {
        const act = model.layers[l - 1].activation as Exclude<ActivationName, 'softmax'>;
        delta = as[l].map((_, i) => p.W[l].reduce((acc, row, j) => acc + row[i] * delta[j], 0) * df(act, zs[l - 1][i]));
      }
    }
  }
  const lambda = model.training.l2;
  p.W.forEach((w, l) =>
    w.forEach((row, j) =>
      row.forEach((v, i) => {
        J += (lambda / 2) * v * v;
        dW[l][j][i] += lambda * v;
      }),
    ),
  );
  return { J, dW, db };
}

/** Runs `steps` optimizer steps over consecutive in-order mini-batches, restarting at each epoch. */
export function naiveTrain(model: ModelConfig, data: Dataset, p: NaiveParams, steps: number): NaiveParams {
  const flat = (q: NaiveParams): Vec => [...q.W.flatMap((w, l) => [...w.flat(), ...q.b[l]])];
  let theta = flat(p);
  const o = model.optimizer;
  const s1 = theta.map(() => 0);
  const s2 = theta.map(() => 0);
  const bs = model.training.batchSize;
  let cursor = 0;
  for (let t = 1; t <= steps; t++) {
    const count = Math.min(bs, data.rows - cursor);
    const samples = Array.from({ length: count }, (_, i) => cursor + i);
    cursor = cursor + count >= data.rows ? 0 : cursor + count;
    const g = naiveGradient(model, data, unflat(model, theta), samples);
    const grad = flat({ W: g.dW, b: g.db });
    theta = theta.map((th, i) => {
      const gi = grad[i];
      if (o.type === 'sgd') {
        s1[i] = o.momentum * s1[i] + gi;
        return th - o.learningRate * s1[i];
      }
      if (o.type === 'adam') {
        s1[i] = o.beta1 * s1[i] + (1 - o.beta1) * gi;
        s2[i] = o.beta2 * s2[i] + (1 - o.beta2) * gi * gi;
        return (
          th - (o.learningRate * (s1[i] / (1 - o.beta1 ** t))) / (Math.sqrt(s2[i] / (1 - o.beta2 ** t)) + o.epsilon)
        );
      }
      s2[i] = o.rho * s2[i] + (1 - o.rho) * gi * gi;
      return th - (o.learningRate * gi) / (Math.sqrt(s2[i]) + o.epsilon);
    });
  }
  return unflat(model, theta);
}

export function unflat(model: ModelConfig, theta: ArrayLike<number>): NaiveParams {
  const W: Mat[] = [];
  const b: Vec[] = [];
  let o = 0;
  let fanIn = model.input;
  for (const l of model.layers) {
    W.push(
      Array.from({ length: l.units }, (_, r) => Array.from({ length: fanIn }, (_, c) => theta[o + r * fanIn + c])),
    );
    o += l.units * fanIn;
    b.push(Array.from({ length: l.units }, (_, r) => theta[o + r]));
    o += l.units;
    fanIn = l.units;
  }
  return { W, b };
}
