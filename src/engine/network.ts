// The dense network: parameters in one flat vector, and the forward and backward passes over a batch.
import { ParamLayout } from '../shared/paramLayout';
import { ACTIVATION_TABLE, type Activation } from './activations';
import { initialize } from './initializers';
import { createKernels, type Kernels } from './kernels/kernels';
import { lossOf, type Loss } from './losses';
import { Rng } from './rng';
import type { Dataset, Floats, ModelConfig, Precision } from './types';

/** One layer's views into the flat parameter and gradient vectors, and its batch buffers. */
interface Layer {
  name: string;
  units: number;
  fanIn: number;
  activation: Activation;
  W: Floats; // [units, fanIn]
  b: Floats; // [units]
  dW: Floats; // [units, fanIn]
  db: Floats; // [units]
  Z: Floats; // [batch, units]
  A: Floats; // [batch, units]
  dZ: Floats; // [batch, units]
  dA: Floats; // [batch, units]
}

/** Input rows at least this wide are copied with TypedArray.set (see Network.load). */
const WIDE_ROW = 64;

/** The initial parameter vector of a model: written-out weights and biases, the rest drawn from the seed. */
export function initialParams(model: ModelConfig, layout: ParamLayout = new ParamLayout(model)): Float64Array {
  const theta = new Float64Array(layout.size);
  const rng = new Rng(model.seed, 'init');
  model.layers.forEach((cfg, l) => {
    const { units, fanIn, wOffset, bOffset } = layout.layers[l];
    const W = theta.subarray(wOffset, wOffset + units * fanIn);
    if (cfg.weights) cfg.weights.forEach((row, r) => W.set(row, r * fanIn));
    else initialize(cfg.init, W, fanIn, units, rng);
    if (cfg.biases) theta.set(cfg.biases, bOffset);
  });
  return theta;
}

export class Network {
  readonly layout: ParamLayout;
  /** The kernels every pass of this network runs on, chosen once; its vectors all come from them. */
  readonly kernels: Kernels;
  readonly params: Floats;
  readonly grads: Floats;
  readonly loss: Loss;
  /** Where the output gradient goes: straight into dZ when the loss is fused with the output activation. */
  private readonly fused: boolean;
  private readonly layers: Layer[];
  private capacity = 0;
  private X: Floats;
  private Y: Floats;

  constructor(
    readonly model: ModelConfig,
    readonly precision: Precision,
    theta?: ArrayLike<number>,
    kernels: Kernels = createKernels(precision),
  ) {
    if (kernels.precision !== precision) {
      throw new Error(`Internal error: ${kernels.precision} kernels for a ${precision} network`);
    }
    this.kernels = kernels;
    this.layout = new ParamLayout(model);
    this.params = kernels.alloc(this.layout.size);
    this.grads = kernels.alloc(this.layout.size);
    this.params.set(theta ?? initialParams(model, this.layout));
    this.loss = lossOf(model);
    const outputActivation = model.layers[model.layers.length - 1].activation;
    if (this.loss.fusedWith && this.loss.fusedWith !== outputActivation) {
      throw new Error(`loss "${model.loss}" needs a ${this.loss.fusedWith} output layer, found ${outputActivation}`);
    }
    this.fused = this.loss.fusedWith !== undefined;
    const empty = kernels.alloc(0);
    this.X = empty;
    this.Y = empty;
    this.layers = this.layout.layers.map((p, l) => ({
      name: p.name,
      units: p.units,
      fanIn: p.fanIn,
      activation: ACTIVATION_TABLE[model.layers[l].activation],
      W: this.params.subarray(p.wOffset, p.wOffset + p.units * p.fanIn),
      b: this.params.subarray(p.bOffset, p.bOffset + p.units),
      dW: this.grads.subarray(p.wOffset, p.wOffset + p.units * p.fanIn),
      db: this.grads.subarray(p.bOffset, p.bOffset + p.units),
      Z: empty,
      A: empty,
      dZ: empty,
      dA: empty,
    }));
  }

  get inputSize(): number {
    return this.model.input;
  }

  get outputSize(): number {
    return this.layers[this.layers.length - 1].units;
  }

  /** Sizes the batch buffers once for up to `rows` samples; later batches of that size allocate nothing. */
  reserve(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = rows;
    const k = this.kernels;
    this.X = k.alloc(rows * this.inputSize);
    this.Y = k.alloc(rows * this.outputSize);
    for (const L of this.layers) {
      L.Z = k.alloc(rows * L.units);
      L.A = k.alloc(rows * L.units);
      L.dZ = k.alloc(rows * L.units);
      L.dA = k.alloc(rows * L.units);
    }
  }

  /** Copies samples order[start … start+count) of the data set into the batch buffers. */
  load(data: Dataset, order: ArrayLike<number>, start: number, count: number): void {
    this.reserve(count);
    const nin = data.inputSize;
    const nout = data.outputSize;
    // NOTE: element loops for narrow rows, where set(subarray(…)) would allocate a view object per row and step
    // for a copy of a few values; wide rows (images) go through set, whose native converting copy is ~3× faster
    // than the loop (W3: 64 rows of 784 values), and one small view per row is noise next to that.
    const X = this.X;
    const Y = this.Y;
    const inputs = data.inputs;
    for (let r = 0; r < count; r++) {
      const s = order[start + r];
      if (nin >= WIDE_ROW) X.set(inputs.subarray(s * nin, s * nin + nin), r * nin);
      else for (let c = 0; c < nin; c++) X[r * nin + c] = inputs[s * nin + c];
      for (let c = 0; c < nout; c++) Y[r * nout + c] = data.targets[s * nout + c];
    }
  }

  /** Forward pass over the loaded batch; returns its share of the data loss, normalised by `count` samples. */
  forward(rows: number, count: number): number {
    this.propagate(rows);
    return this.batchLoss(rows, count);
  }

  /** The network's outputs [rows, outputSize] for arbitrary inputs (a view valid until the next pass). */
  predict(inputs: Floats, rows: number): Floats {
    this.reserve(rows);
    this.X.set(inputs.subarray(0, rows * this.inputSize));
    this.propagate(rows);
    return this.layers[this.layers.length - 1].A.subarray(0, rows * this.outputSize);
  }

  private propagate(rows: number): void {
    for (let l = 0; l < this.layers.length; l++) this.forwardLayer(l, rows);
  }

  /** Layer l's forward pass over the loaded batch (layer l − 1's must have run): its z and a. */
  forwardLayer(l: number, rows: number): void {
    const k = this.kernels;
    const L = this.layers[l];
    const prev = l > 0 ? this.layers[l - 1].A : this.X;
    k.gemm(false, true, rows, L.units, L.fanIn, prev, L.W, L.Z); // Z: [rows, units] = A_prev · Wᵀ
    k.addRowVector(L.Z, L.b, rows, L.units); // Z += b, every row
    L.activation.forward(k, L.Z, L.A, rows, L.units); // A = f(Z)
  }

  /** The data loss of the batch after every layer's forward pass, normalised by `count` samples. */
  batchLoss(rows: number, count: number): number {
    const out = this.layers[this.layers.length - 1];
    return this.loss.value(out.Z, out.A, this.Y, rows, out.units, count);
  }

  /**
   * Backward pass over the batch last run forward: dJ/dθ of the data loss (normalised by `count`), written into
   * `grads`, or added to them when `accumulate` (dW and db then read "+=").
   */
  backward(rows: number, count: number, accumulate: boolean): void {
    for (let l = this.layers.length - 1; l >= 0; l--) this.backwardLayer(l, rows, count, accumulate);
  }

  /**
   * Layer l's share of the backward pass (layer l + 1's must have run): its δ = dJ/dz (from the loss for the output
   * layer, else through layer l + 1's weights), then dW and db.
   */
  backwardLayer(l: number, rows: number, count: number, accumulate: boolean): void {
    const k = this.kernels;
    const L = this.layers[l];
    if (l === this.layers.length - 1) {
      if (this.fused) {
        this.loss.gradient(L.A, this.Y, L.dZ, rows, L.units, count); // dZ = (A − Y)/(m·k) or (A − Y)/m
      } else {
        this.loss.gradient(L.A, this.Y, L.dA, rows, L.units, count); // dA = dJ/dA
        L.activation.backward(k, L.Z, L.A, L.dA, L.dZ, rows, L.units); // dZ = dA ⊙ f'(Z)
      }
    } else {
      const N = this.layers[l + 1];
      k.gemm(false, false, rows, N.fanIn, N.units, N.dZ, N.W, L.dA); // dA: [rows, units] = dZ_next · W_next
      L.activation.backward(k, L.Z, L.A, L.dA, L.dZ, rows, L.units); // dZ = dA ⊙ f'(Z)
    }
    const prevA = l > 0 ? this.layers[l - 1].A : this.X; // A_prev: [rows, fanIn]
    k.gemm(true, false, L.units, L.fanIn, rows, L.dZ, prevA, L.dW, accumulate); // dW: [units, fanIn] = dZᵀ · A_prev
    k.columnSums(L.dZ, rows, L.units, L.db, accumulate); // db: [units] = Σ_rows dZ
  }

  /** (λ/2) Σ W² over all weights (not biases). */
  l2Penalty(lambda: number): number {
    if (lambda === 0) return 0;
    let s = 0;
    for (const L of this.layers) for (let i = 0; i < L.W.length; i++) s += L.W[i] * L.W[i];
    return 0.5 * lambda * s;
  }

  /** dW += λ W: the L2 term's share of the gradient. */
  addL2Gradient(lambda: number): void {
    for (let l = 0; l < this.layers.length; l++) this.addLayerL2Gradient(l, lambda);
  }

  /** Layer l's dW += λ W. */
  addLayerL2Gradient(l: number, lambda: number): void {
    if (lambda === 0) return;
    const L = this.layers[l];
    this.kernels.axpy(lambda, L.W, L.dW); // dW += λ W
  }

  /**
   * The batch buffers of layer l (and the batch's inputs X) after a forward/backward pass, for step views and
   * statistics.
   */
  batchView(l: number): { X: Floats; Z: Floats; A: Floats; dA: Floats; dZ: Floats } {
    const L = this.layers[l];
    return { X: this.X, Z: L.Z, A: L.A, dA: L.dA, dZ: L.dZ };
  }

  /** True when the loss hands dJ/dz straight to the output layer, so its dA is never formed. */
  get outputFused(): boolean {
    return this.fused;
  }

  /** Index of the first layer whose pre-activations or activations hold a non-finite value in the first `rows` rows. */
  firstNonFiniteLayer(rows: number): number {
    return this.layers.findIndex((L) => !allFinite(L.Z, rows * L.units) || !allFinite(L.A, rows * L.units));
  }
}

/** True when the first n values are all finite (one multiply-add each: x·0 is NaN exactly for ±Inf and NaN). */
export function allFinite(x: Floats, n = x.length, offset = 0): boolean {
  let s = 0;
  for (let i = offset; i < offset + n; i++) s += x[i] * 0;
  return s === 0;
}
