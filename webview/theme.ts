// Reads VS Code's theme colours at draw time, sizes canvases for the screen, and reports theme changes.
import { parseColor, type Palette, type Rgb } from './colorScale';

/** A CSS custom property of the body (where VS Code puts its theme variables), or `fallback`. */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** A theme colour as RGB. */
export function rgbVar(name: string, fallback: Rgb): Rgb {
  return parseColor(cssVar(name, '')) ?? fallback;
}

/** Positive values blue, negative red, zero the editor background. */
export function signPalette(): Palette {
  return {
    positive: rgbVar('--vscode-charts-blue', [55, 148, 255]),
    negative: rgbVar('--vscode-charts-red', [241, 76, 76]),
    base: rgbVar('--vscode-editor-background', [30, 30, 30]),
  };
}

/** Colours for classes and chart series, in order. */
export function seriesColours(): string[] {
  return ['blue', 'red', 'green', 'yellow', 'orange', 'purple'].map((c) => cssVar(`--vscode-charts-${c}`, '#888888'));
}

/** Calls `onChange` when VS Code switches theme (it sets vscode-light / vscode-dark / vscode-high-contrast on body). */
export function onThemeChange(onChange: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    onChange();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
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
