// Generated 2-D classification data sets, drawn deterministically from the spec's seed on the 'data' stream.
import { Rng } from '../../engine/rng';
import type { GeneratorName } from '../../engine/types';

/** Generators whose task is inherently two-class; the others make as many classes as asked. */
export const TWO_CLASS: readonly GeneratorName[] = ['xor', 'circle', 'moons'];

export interface Generated {
  /** [samples, 2] row-major. */
  inputs: Float64Array;
  /** Class of each sample in 0..classes-1; classes alternate so every prefix is balanced. */
  classes: Int32Array;
}

type Shape = (rng: Rng, cls: number, classes: number) => [number, number];

const SHAPES: Record<GeneratorName, Shape> = {
  xor: (rng, cls) => {
    // Quadrants where the signs of x and y differ are class 1; a margin keeps the clean data separable.
    const x = rng.uniform(0.05, 1) * (rng.next() < 0.5 ? -1 : 1);
    const y = rng.uniform(0.05, 1) * Math.sign(x) * (cls === 1 ? -1 : 1);
    return [x, y];
  },
  circle: (rng, cls) => {
    const r = cls === 0 ? 0.5 * Math.sqrt(rng.next()) : rng.uniform(0.7, 1);
    const a = rng.uniform(0, 2 * Math.PI);
    return [r * Math.cos(a), r * Math.sin(a)];
  },
  spiral: (rng, cls, classes) => {
    const t = rng.next();
    const a = (2 * Math.PI * cls) / classes + 4 * t;
    return [t * Math.cos(a), t * Math.sin(a)];
  },
  gaussian: (rng, cls, classes) => {
    const a = (2 * Math.PI * cls) / classes;
    return [Math.cos(a) + 0.25 * rng.normal(), Math.sin(a) + 0.25 * rng.normal()];
  },
  moons: (rng, cls) => {
    const t = rng.uniform(0, Math.PI);
    return cls === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  },
};

/** `samples` points of `classes` classes, each coordinate jittered by normal noise of std `noise`. */
export function generate(
  name: GeneratorName,
  samples: number,
  noise: number,
  seed: number,
  classes: number,
): Generated {
  const rng = new Rng(seed, 'data');
  const inputs = new Float64Array(samples * 2);
  const labels = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const cls = i % classes;
    const [x, y] = SHAPES[name](rng, cls, classes);
    inputs[2 * i] = x + noise * rng.normal();
    inputs[2 * i + 1] = y + noise * rng.normal();
    labels[i] = cls;
  }
  return { inputs, classes: labels };
}

/** Class targets for `units` outputs: one 0/1 column when units is 1, else one-hot rows. */
export function classTargets(classes: ArrayLike<number>, units: number): Float64Array {
  const targets = new Float64Array(classes.length * units);
  for (let i = 0; i < classes.length; i++) {
    if (units === 1) targets[i] = classes[i];
    else targets[i * units + classes[i]] = 1;
  }
  return targets;
}
