// The debugger's selected layer on the network graph: a band behind the layer's column (its units and the weights
// into them) in the colour the editor gives the paused line, so the graph and the spec point at the same layer.
import type { DebugFrameFocus } from '../../src/protocol';
import { layerBand, type GraphLayout } from './graphLayout';
import { cssVar } from './theme';

/**
 * Paints the band of `focus`'s layer (call it before the edges and units, which stay on top) and names the layer in
 * the canvas's `data-debug-layer`, so tests and tools read what is highlighted without decoding pixels.
 */
export function drawLayerHighlight(
  canvas: HTMLCanvasElement,
  g: CanvasRenderingContext2D,
  layout: GraphLayout,
  focus: DebugFrameFocus | undefined,
): void {
  const band = layerBand(layout, focus?.layer);
  if (!band || focus?.layer === undefined) {
    delete canvas.dataset.debugLayer;
    return;
  }
  canvas.dataset.debugLayer = String(focus.layer);
  g.fillStyle = cssVar('--vscode-editor-stackFrameHighlightBackground', 'rgba(255, 255, 0, 0.2)');
  g.fillRect(band.x, band.y, band.w, band.h);
  g.strokeStyle = cssVar('--vscode-debugIcon-breakpointCurrentStackframeForeground', '#ffcc00');
  g.lineWidth = 1;
  g.strokeRect(band.x + 0.5, band.y + 0.5, band.w - 1, band.h - 1);
}
