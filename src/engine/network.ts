// The dense network: parameters in one flat vector, and the forward and backward passes over a batch.
import { ACTIVATION_TABLE, type Activation } from './activations';
import { initialize } from './initializers';
import { addRowVector, columnSums, kernelDispatch } from './kernels';
import * as plain from './plainKernels';
import { lossOf, type Loss } from './losses';
import { ParamLayout } from './paramLayout';
import { Rng } from './rng';
import type { Dataset, Floats, ModelConfig, Precision } from './types';
import { align16, createArena, roundUp, SCRATCH_BYTES, type Kernel, type WasmArena } from './wasm/simdGemm';

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
  /** Byte addresses in the arena: Z, A, dZ, dA, and the weights as of the last forward pass (row-major). */
  at: { Z: number; A: number; dZ: number; dA: number; W: number };
  /** dW's product lands in the arena here before it is copied (or added) into `grads`. */
  dWOut: Floats;
}

/** Input rows at least this wide are copied with TypedArray.set (see Network.load). */
const WIDE_ROW = 64;

export function allocFloats(precision: Precision, n: number): Floats {
  return precision === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/**
 * `count` zeroed vectors of n values. With WebAssembly SIMD they share one arena sized once here and never grown
 * (growing would detach them), so the vector kernels can reach them all.
 */
function paramVectors(precision: Precision, n: number, count: number): Floats[] {
  const arena = kernelDispatch.simd && n > 0 ? createArena() : undefined;
  if (!arena) return Array.from({ length: count }, () => allocFloats(precision, n));
  const s = precision === 'float32' ? 4 : 8;
  const stride = align16(n * s);
  arena.ensure(SCRATCH_BYTES + count * stride);
  return Array.from({ length: count }, (_, i) =>
    precision === 'float32'
      ? new Float32Array(arena.buffer, SCRATCH_BYTES + i * stride, n)
      : new Float64Array(arena.buffer, SCRATCH_BYTES + i * stride, n),
  );
}

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
  readonly params: Floats;
  readonly grads: Floats;
  readonly loss: Loss;
  /** Where the output gradient goes: straight into dZ when the loss is fused with the output activation. */
  private readonly fused: boolean;
  private readonly layers: Layer[];
  private readonly spares: Floats[];
  private capacity = 0;
  private X: Floats;
  private Y: Floats;
  /**
   * The WebAssembly memory the batch buffers live in, so GEMMs read them in place; undefined without WASM SIMD.
   * NOTE: with the operands already there, every product goes to the SIMD kernels, even W2's 32×16×2: packing a
   * few hundred values costs less than the plain loops' overhead on such short rows (W2 +26%, W1 unchanged).
   */
  private readonly arena: WasmArena | undefined;
  private readonly kernel: Kernel | undefined;
  /** Arena byte addresses of X, the packed-panel scratch and the dW product. */
  private at = { X: 0, pack: 0, packA: 0, dW: 0 };

  /**
   * `spareVectors`: how many more parameter-sized vectors to place beside θ and the gradient (see `spare`), so
   * that per-parameter passes over them (an optimizer step, recording an update) can run in WebAssembly.
   */
  constructor(
    readonly model: ModelConfig,
    readonly precision: Precision,
    theta?: ArrayLike<number>,
    spareVectors = 0,
  ) {
    this.layout = new ParamLayout(model);
    const [params, grads, ...spares] = paramVectors(precision, this.layout.size, 2 + spareVectors);
    this.params = params;
    this.grads = grads;
    this.spares = spares;
    this.params.set(theta ?? initialParams(model, this.layout));
    this.loss = lossOf(model);
    const outputActivation = model.layers[model.layers.length - 1].activation;
    if (this.loss.fusedWith && this.loss.fusedWith !== outputActivation) {
      throw new Error(`loss "${model.loss}" needs a ${this.loss.fusedWith} output layer, found ${outputActivation}`);
    }
    this.fused = this.loss.fusedWith !== undefined;
    const empty = allocFloats(precision, 0);
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
      at: { Z: 0, A: 0, dZ: 0, dA: 0, W: 0 },
      dWOut: empty,
    }));
    this.arena = this.layers.length > 0 && kernelDispatch.simd ? createArena() : undefined;
    this.kernel = this.arena && (precision === 'float32' ? this.arena.f32 : this.arena.f64);
  }

  /** The i-th spare parameter-sized vector asked for at construction (zeros at first). */
  spare(i: number): Floats {
    return this.spares[i];
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
    if (this.kernel) return this.reserveInArena(rows, this.kernel);
    this.X = allocFloats(this.precision, rows * this.inputSize);
    this.Y = allocFloats(this.precision, rows * this.outputSize);
    for (const L of this.layers) {
      L.Z = allocFloats(this.precision, rows * L.units);
      L.A = allocFloats(this.precision, rows * L.units);
      L.dZ = allocFloats(this.precision, rows * L.units);
      L.dA = allocFloats(this.precision, rows * L.units);
    }
  }

  /**
   * Lays the batch buffers out in the arena (edge scratch | X | Y | per layer Z, A, dZ, dA, W | packed panels |
   * dW product), grows its memory once, and makes every view afresh (growth detaches the old ones).
   */
  private reserveInArena(rows: number, k: Kernel): void {
    const s = k.bytes;
    let end = SCRATCH_BYTES;
    const region = (n: number): number => {
      const at = end;
      end += align16(n * s);
      return at;
    };
    this.at.X = region(rows * this.inputSize);
    const yAt = region(rows * this.outputSize);
    let pack = 0;
    let packA = 0;
    let dW = 0;
    for (const L of this.layers) {
      L.at = {
        Z: region(rows * L.units),
        A: region(rows * L.units),
        dZ: region(rows * L.units),
        dA: region(rows * L.units),
        W: region(L.units * L.fanIn),
      };
      // B panels: Wᵀ (forward), A_prev (dW), W (dA_prev); A panels: A_prev (forward), dZᵀ (dW), dZ (dA_prev).
      pack = Math.max(pack, roundUp(L.units, k.nr) * L.fanIn, roundUp(L.fanIn, k.nr) * Math.max(L.units, rows));
      packA = Math.max(packA, roundUp(rows, k.mr) * Math.max(L.fanIn, L.units), roundUp(L.units, k.mr) * rows);
      dW = Math.max(dW, L.units * L.fanIn);
    }
    this.at.pack = region(pack);
    this.at.packA = region(packA);
    this.at.dW = region(dW);
    this.arena!.ensure(end);
    // Fresh buffers read as zeros, like new arrays.
    (this.precision === 'float32' ? this.arena!.view32 : this.arena!.view64).fill(0, 0, end / k.bytes);
    const view = (at: number, n: number): Floats =>
      this.precision === 'float32'
        ? new Float32Array(this.arena!.buffer, at, n)
        : new Float64Array(this.arena!.buffer, at, n);
    this.X = view(this.at.X, rows * this.inputSize);
    this.Y = view(yAt, rows * this.outputSize);
    for (const L of this.layers) {
      const n = rows * L.units;
      L.Z = view(L.at.Z, n);
      L.A = view(L.at.A, n);
      L.dZ = view(L.at.dZ, n);
      L.dA = view(L.at.dA, n);
      L.dWOut = view(this.at.dW, L.units * L.fanIn);
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
    const out = this.layers[this.layers.length - 1];
    return this.loss.value(out.Z, out.A, this.Y, rows, out.units, count);
  }

  /** The network's outputs [rows, outputSize] for arbitrary inputs (a view valid until the next pass). */
  predict(inputs: Float64Array, rows: number): Floats {
    this.reserve(rows);
    this.X.set(inputs.subarray(0, rows * this.inputSize));
    this.propagate(rows);
    return this.layers[this.layers.length - 1].A.subarray(0, rows * this.outputSize);
  }

  private propagate(rows: number): void {
    const k = this.kernel;
    let prev = this.X;
    let prevAt = this.at.X;
    for (const L of this.layers) {
      if (k) {
        // W is copied in once per pass; backward's dA_prev reads this copy too.
        const s = k.bytes;
        (s === 4 ? this.arena!.view32 : this.arena!.view64).set(L.W, L.at.W / s);
        k.pack(prevAt, rows, L.fanIn, L.fanIn * s, s, this.at.packA, k.mr); //   A_prev: [rows, fanIn]
        k.pack(L.at.W, L.units, L.fanIn, L.fanIn * s, s, this.at.pack, k.nr); // W: [units, fanIn]
        k.gemm(rows, L.units, L.fanIn, this.at.packA, this.at.pack, L.at.Z, 0, 0); // Z = A_prev · Wᵀ
      } else {
        plain.gemmNT(rows, L.units, L.fanIn, prev, L.W, L.Z); // Z: [rows, units] = A_prev · Wᵀ
      }
      addRowVector(L.Z, L.b, rows, L.units); //          Z += b
      L.activation.forward(L.Z, L.A, rows, L.units); //   A = f(Z)
      prev = L.A;
      prevAt = L.at.A;
    }
  }

  /**
   * Backward pass over the batch last run forward: dJ/dθ of the data loss (normalised by `count`),
   * written into `grads`, or added to them when `accumulate`. NOTE: on the SIMD path dA_prev reads the copy of W
   * that forward pass made, so θ must not change in between (the trainer updates θ only after backward).
   */
  backward(rows: number, count: number, accumulate: boolean): void {
    const last = this.layers.length - 1;
    const out = this.layers[last];
    if (this.fused) {
      this.loss.gradient(out.A, this.Y, out.dZ, rows, out.units, count); // dZ = (A − Y)/(m·k) or (A − Y)/m
    } else {
      this.loss.gradient(out.A, this.Y, out.dA, rows, out.units, count); // dA = dJ/dA
      out.activation.backward(out.Z, out.A, out.dA, out.dZ, rows, out.units); // dZ = dA ⊙ f'(Z)
    }
    const k = this.kernel;
    for (let l = last; l >= 0; l--) {
      const L = this.layers[l];
      const P = l > 0 ? this.layers[l - 1] : undefined;
      const prevA = P ? P.A : this.X;
      if (k) {
        const s = k.bytes;
        const prevAt = P ? P.at.A : this.at.X;
        // dW: [units, fanIn] = dZᵀ · A_prev, computed in the arena and copied (or added) into grads.
        if (accumulate) L.dWOut.set(L.dW);
        k.pack(L.at.dZ, L.units, rows, s, L.units * s, this.at.packA, k.mr); // dZᵀ: [units, rows]
        k.pack(prevAt, L.fanIn, rows, s, L.fanIn * s, this.at.pack, k.nr); //   A_prev: [rows, fanIn]
        k.gemm(L.units, L.fanIn, rows, this.at.packA, this.at.pack, this.at.dW, accumulate ? 1 : 0, 0);
        L.dW.set(L.dWOut);
      } else {
        plain.gemmTN(L.units, L.fanIn, rows, L.dZ, prevA, L.dW, accumulate); // dW: [units, fanIn] = dZᵀ · A_prev
      }
      columnSums(L.dZ, rows, L.units, L.db, accumulate); //               db: [units] = Σ_samples dZ
      if (P) {
        if (k) {
          const s = k.bytes; // dA_prev: [rows, fanIn] = dZ · W, with W as copied in by the forward pass
          k.pack(L.at.dZ, rows, L.units, L.units * s, s, this.at.packA, k.mr); // dZ: [rows, units]
          k.pack(L.at.W, L.fanIn, L.units, s, L.fanIn * s, this.at.pack, k.nr); // W: [units, fanIn]
          k.gemm(rows, L.fanIn, L.units, this.at.packA, this.at.pack, P.at.dA, 0, 0);
        } else {
          plain.gemmNN(rows, P.units, L.units, L.dZ, L.W, P.dA); //         dA_prev: [rows, fanIn] = dZ · W
        }
        P.activation.backward(P.Z, P.A, P.dA, P.dZ, rows, P.units); //    dZ_prev = dA_prev ⊙ f'(Z_prev)
      }
    }
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
    if (lambda === 0) return;
    for (const L of this.layers) for (let i = 0; i < L.W.length; i++) L.dW[i] += lambda * L.W[i];
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
