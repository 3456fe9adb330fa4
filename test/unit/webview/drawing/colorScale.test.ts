import * as assert from 'node:assert/strict';
import {
  CLASS_COLOURS,
  diverging,
  edgeGroups,
  edgeWidth,
  magnitude,
  maxAbs,
  mix,
  parseColor,
  SIGN_COLOURS,
  toCss,
  type Brightness,
  type Palette,
  type Rgb,
} from '../../../../webview/drawing/colorScale';
import { seenDistance, VISIONS } from './colourVision';

const palette: Palette = { positive: [0, 0, 255], negative: [255, 0, 0], base: [255, 255, 255] };

describe('webview/colorScale', () => {
  it('parses the colour forms computed styles give', () => {
    assert.deepEqual(parseColor('#f14c4c'), [241, 76, 76]);
    assert.deepEqual(parseColor(' #ABC '), [170, 187, 204]);
    assert.deepEqual(parseColor('#3794ff80'), [55, 148, 255]);
    assert.deepEqual(parseColor('rgb(1, 2, 3)'), [1, 2, 3]);
    assert.deepEqual(parseColor('rgba(10 20 30 / 0.5)'), [10, 20, 30]);
    assert.equal(parseColor('var(--x)'), undefined);
    assert.equal(parseColor('#12345'), undefined);
  });

  it('colours by sign and strengthens with magnitude', () => {
    assert.deepEqual(diverging(2, 2, palette), [0, 0, 255]);
    assert.deepEqual(diverging(-2, 2, palette), [255, 0, 0]);
    assert.deepEqual(diverging(0, 2, palette), [255, 255, 255]);
    assert.deepEqual(diverging(-1, 2, palette), [255, 127.5, 127.5]);
    assert.deepEqual(diverging(5, 0, palette), [255, 255, 255], 'a zero scale is neutral');
    assert.deepEqual(mix([0, 0, 0], [10, 10, 10], 2), [10, 10, 10], 't is clamped');
  });

  it('sizes edges by magnitude only', () => {
    assert.equal(edgeWidth(-3, 3, 0.5, 4), 4);
    assert.equal(edgeWidth(3, 3, 0.5, 4), 4);
    assert.equal(edgeWidth(0, 3, 0.5, 4), 0.5);
    assert.ok(edgeWidth(1, 3) < edgeWidth(2, 3));
    assert.equal(magnitude(NaN, 1), 0);
  });

  it('finds the largest finite magnitude in a range', () => {
    assert.equal(maxAbs([1, -5, Infinity, NaN, 2]), 5);
    assert.equal(maxAbs([1, -5, 3, 2], 2, 4), 3);
    assert.equal(maxAbs([]), 0);
    assert.equal(toCss([1.4, 2, 3]), 'rgb(1 2 3)');
    assert.equal(toCss([1, 2, 3], 0.5), 'rgb(1 2 3 / 0.500)');
  });
  it('groups edges by strength and sign, weakest first, every edge once', () => {
    const values = Float64Array.of(0.5, -1, 0, 1, -0.5, NaN, 0.26);
    const { group, order, starts } = edgeGroups(values, 1, 3);
    // level = round(|v| · 2): 0.5 → 1, −1 → 2, 0 → 0, NaN → 0, 0.26 → 1; group = 2·level + (negative ? 1 : 0).
    assert.deepEqual([...group], [2, 5, 0, 4, 3, 0, 2]);
    assert.deepEqual([...starts], [0, 2, 2, 4, 5, 6, 7]);
    assert.deepEqual([...order], [2, 5, 0, 6, 4, 3, 1]);
    assert.deepEqual(
      [...edgeGroups(Float64Array.of(3, -3), 0, 4).group],
      [0, 1],
      'a zero scale puts every edge in the weakest level',
    );
  });
});

describe('webview/colorScale under colour-vision deficiencies', () => {
  /** Editor backgrounds of VS Code's light, dark and high-contrast themes (Modern, classic, high contrast). */
  const BACKGROUNDS: Record<Brightness, Rgb[]> = {
    light: [
      [255, 255, 255],
      [243, 243, 243],
    ],
    dark: [
      [31, 31, 31],
      [30, 30, 30],
      [0, 0, 0],
    ],
  };
  /** CIE76 ΔE floors (2.3 is just noticeable; 40 is a different colour at a glance). */
  const SIGNS_APART = 50;
  const HALF_STRENGTH_APART = 40;
  const FROM_BACKGROUND = 40;

  /** The smallest distance the scale keeps, over every simulated vision and background, with where it occurs. */
  function weakest(signs: { positive: Rgb; negative: Rgb }, bases: Rgb[]): { distance: number; where: string } {
    let worst = { distance: Infinity, where: '' };
    for (const vision of VISIONS)
      for (const base of bases) {
        const palette = { ...signs, base };
        const checks: [string, number, Rgb, Rgb][] = [
          ['signs', SIGNS_APART, signs.positive, signs.negative],
          ['half-strength signs', HALF_STRENGTH_APART, diverging(0.5, 1, palette), diverging(-0.5, 1, palette)],
          ['positive vs background', FROM_BACKGROUND, signs.positive, base],
          ['negative vs background', FROM_BACKGROUND, signs.negative, base],
        ];
        for (const [what, floor, a, b] of checks) {
          // Scaled by its floor, so one number says how close the scale comes to failing any check.
          const margin = seenDistance(a, b, vision) / floor;
          if (margin < worst.distance)
            worst = { distance: margin, where: `${what} (${vision}, base ${base.join(',')})` };
        }
      }
    return worst;
  }

  for (const kind of ['light', 'dark'] as const)
    it(`keeps the sign colours of ${kind} themes apart and off the background for every simulated vision`, () => {
      const { distance, where } = weakest(SIGN_COLOURS[kind], BACKGROUNDS[kind]);
      assert.ok(distance >= 1, `${where} is only ${distance.toFixed(2)} of its floor`);
    });

  it('would reject a red–green scale, which deuteranopes and protanopes see as one hue', () => {
    const redGreen = { positive: [44, 160, 44] as Rgb, negative: [214, 39, 40] as Rgb };
    const { distance, where } = weakest(redGreen, BACKGROUNDS.light);
    assert.ok(distance < 0.5, `red–green passed: ${where} at ${distance.toFixed(2)} of its floor`);
    assert.match(where, /deuteranopia|protanopia/);
  });

  for (const kind of ['light', 'dark'] as const)
    it(`keeps every pair of ${kind} class colours apart for every simulated vision`, () => {
      const colours = CLASS_COLOURS[kind];
      assert.deepEqual(colours.slice(0, 2), [SIGN_COLOURS[kind].positive, SIGN_COLOURS[kind].negative]);
      for (const vision of VISIONS)
        colours.forEach((a, i) =>
          colours.slice(i + 1).forEach((b, j) => {
            const d = seenDistance(a, b, vision);
            assert.ok(d >= 15, `classes ${i} and ${i + 1 + j} are ΔE ${d.toFixed(1)} apart for ${vision}`);
          }),
        );
    });
});
