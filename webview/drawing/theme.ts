// Reads VS Code's theme colours at draw time, sizes canvases for the screen, and reports theme changes.
import { parseColor, SIGN_COLOURS, type Brightness, type Palette, type Rgb } from './colorScale';

/** Theme variables read so far: reading one forces a style recalculation, so each is read once per theme. */
const themeVars = new Map<string, string>();

/** A CSS custom property of the body (where VS Code puts its theme variables), or `fallback`. */
export function cssVar(name: string, fallback: string): string {
  let value = themeVars.get(name);
  if (value === undefined) {
    value = getComputedStyle(document.body).getPropertyValue(name).trim();
    themeVars.set(name, value);
  }
  return value || fallback;
}

/** A theme colour as RGB. */
export function rgbVar(name: string, fallback: Rgb): Rgb {
  return parseColor(cssVar(name, '')) ?? fallback;
}

/** Light or dark, from the class VS Code puts on the body (`vscode-light`, `vscode-high-contrast-light`, …). */
export function brightness(): Brightness {
  const c = document.body.classList;
  return c.contains('vscode-light') || c.contains('vscode-high-contrast-light') ? 'light' : 'dark';
}

/** Positive values blue, negative orange (colour-vision safe, see SIGN_COLOURS), zero the editor background. */
export function signPalette(): Palette {
  const kind = brightness();
  return {
    ...SIGN_COLOURS[kind],
    base: rgbVar('--vscode-editor-background', kind === 'light' ? [255, 255, 255] : [30, 30, 30]),
  };
}

/** Colours for chart series, in order. */
export function seriesColours(): string[] {
  return ['blue', 'red', 'green', 'yellow', 'orange', 'purple'].map((c) => cssVar(`--vscode-charts-${c}`, '#888888'));
}

/**
 * Calls `onChange` when VS Code switches theme: it sets the theme's kind as a class and its id as a data attribute on
 * body, and its colours as variables in the html element's style (two themes of one kind differ only there).
 */
export function onThemeChange(onChange: () => void): void {
  const signature = (): string =>
    [
      document.body.className,
      document.body.dataset['vscodeThemeId'],
      document.documentElement.getAttribute('style'),
    ].join('|');
  let last = signature();
  const observer = new MutationObserver(() => {
    const now = signature();
    if (now === last) return;
    last = now;
    themeVars.clear();
    onChange();
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}

/** Sizes a canvas to `width` × `height` CSS pixels at the screen's pixel ratio; returns its context in CSS pixels. */
export function fitCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}
