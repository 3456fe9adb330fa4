// Simulated colour-vision deficiencies and perceptual colour distance, to check that colour scales stay readable.
import type { Rgb } from '../../../../webview/drawing/colorScale';

export type Vision = 'normal' | 'protanopia' | 'deuteranopia' | 'tritanopia';

type Matrix = readonly [readonly number[], readonly number[], readonly number[]];

/**
 * Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color vision deficiency",
 * severity 1.0: full dichromacy, applied to linear RGB.
 */
const MATRICES: Record<Vision, Matrix> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

export const VISIONS = Object.keys(MATRICES) as Vision[];

const linear = (c: number): number => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};

/** CIELAB (D65) of an sRGB colour as a person with `vision` sees it. */
export function seenLab(rgb: Rgb, vision: Vision): [number, number, number] {
  const l = rgb.map(linear);
  const [r, g, b] = MATRICES[vision].map((row) =>
    Math.max(0, Math.min(1, row[0] * l[0] + row[1] * l[1] + row[2] * l[2])),
  ) as [number, number, number];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 colour difference ΔE*ab of two colours as seen with `vision` (≈ 2.3 is just noticeable). */
export function seenDistance(a: Rgb, b: Rgb, vision: Vision): number {
  const p = seenLab(a, vision);
  const q = seenLab(b, vision);
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
