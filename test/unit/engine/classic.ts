// The classic NumPy network of the deep-learning courses, rewritten without NumPy as plain loops over one sample at a
// time: parameters W1..WL and b1..bL, cost J = −(1/m) Σᵢ Σₖ [y log a + (1 − y) log(1 − a)] (or (1/m) Σᵢ Σₖ (a − y)²),
// backpropagation from dA = −(y/a − (1 − y)/(1 − a)) through g'(z) (never the fused a − y), gradients
// dW = (1/m) Σ dZ A_prevᵀ, and plain gradient descent on the full batch. It shares no code with the engine and
// follows none of its conventions: the reference that `"outputs": "sum"` must reproduce.

export type ClassicActivation = 'identity' | 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu';

export interface ClassicNetwork {
  /** W[l][j][i]: from unit i of the previous layer to unit j of layer l. */
  W: number[][][];
  b: number[][];
  g: ClassicActivation[];
  cost: 'cross-entropy' | 'squared';
}

function activate(g: ClassicActivation, z: number): number {
  switch (g) {
    case 'identity':
      return z;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      return z > 0 ? z : 0;
    case 'leaky-relu':
      return z > 0 ? z : 0.01 * z;
  }
}

function slope(g: ClassicActivation, z: number): number {
  switch (g) {
    case 'identity':
      return 1;
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    }
    case 'tanh':
      return 1 - Math.tanh(z) * Math.tanh(z);
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'leaky-relu':
      return z > 0 ? 1 : 0.01;
  }
}

/** Every layer's Z and A for one sample x (A[0] = x). */
function forward(net: ClassicNetwork, x: number[]): { Z: number[][]; A: number[][] } {
  const Z: number[][] = [];
  const A: number[][] = [x];
  for (let l = 0; l < net.W.length; l++) {
    const z: number[] = [];
    const a: number[] = [];
    for (let j = 0; j < net.W[l].length; j++) {
      let s = net.b[l][j];
      for (let i = 0; i < A[l].length; i++) s += net.W[l][j][i] * A[l][i];
      z.push(s);
      a.push(activate(net.g[l], s));
    }
    Z.push(z);
    A.push(a);
  }
  return { Z, A };
}

/** J over the samples X[i] with targets Y[i]. */
export function classicCost(net: ClassicNetwork, X: number[][], Y: number[][]): number {
  let total = 0;
  for (let i = 0; i < X.length; i++) {
    const a = forward(net, X[i]).A[net.W.length];
    for (let k = 0; k < a.length; k++) {
      const y = Y[i][k];
      total +=
        net.cost === 'cross-entropy' ? -(y * Math.log(a[k]) + (1 - y) * Math.log(1 - a[k])) : (a[k] - y) * (a[k] - y);
    }
  }
  return total / X.length;
}

/** dJ/dW and dJ/db over the samples, accumulated per sample and divided by m at the end. */
export function classicGradients(
  net: ClassicNetwork,
  X: number[][],
  Y: number[][],
): { dW: number[][][]; db: number[][] } {
  const L = net.W.length;
  const dW = net.W.map((w) => w.map((row) => row.map(() => 0)));
  const db = net.b.map((b) => b.map(() => 0));
  for (let i = 0; i < X.length; i++) {
    const { Z, A } = forward(net, X[i]);
    let dA = A[L].map((a, k) => {
      const y = Y[i][k];
      return net.cost === 'cross-entropy' ? -(y / a - (1 - y) / (1 - a)) : 2 * (a - y);
    });
    for (let l = L - 1; l >= 0; l--) {
      const dZ = dA.map((d, j) => d * slope(net.g[l], Z[l][j]));
      const dPrev = A[l].map(() => 0);
      for (let j = 0; j < dZ.length; j++) {
        db[l][j] += dZ[j];
        for (let p = 0; p < A[l].length; p++) {
          dW[l][j][p] += dZ[j] * A[l][p];
          dPrev[p] += net.W[l][j][p] * dZ[j];
        }
      }
      dA = dPrev;
    }
  }
  const m = X.length;
  return { dW: dW.map((w) => w.map((row) => row.map((v) => v / m))), db: db.map((b) => b.map((v) => v / m)) };
}

/** One step of plain gradient descent on the full batch: W −= η dW, b −= η db. */
export function classicStep(net: ClassicNetwork, X: number[][], Y: number[][], learningRate: number): ClassicNetwork {
  const { dW, db } = classicGradients(net, X, Y);
  return {
    ...net,
    W: net.W.map((w, l) => w.map((row, j) => row.map((v, p) => v - learningRate * dW[l][j][p]))),
    b: net.b.map((b, l) => b.map((v, j) => v - learningRate * db[l][j])),
  };
}
