// What every part of the panel shares: the host's state, the user's view settings, and a way to talk to the host.
import type { FromWebview, PanelState, ParamRef, ParamValue } from '../../src/protocol';
import { edgeLimitOf } from '../drawing/heatmap';
import type { ViewSettings } from './store';

export interface PanelContext {
  readonly state: PanelState;
  /**
   * Changes whenever the panel's size or theme may have changed. Sections measure their width only then: a
   * measurement after the frame's DOM changes forces a layout of the whole panel.
   */
  readonly layout: number;
  readonly settings: ViewSettings;
  /** Changes view settings: saved for a rebuilt webview, and the affected parts redrawn. */
  setSettings(patch: Partial<ViewSettings>): void;
  post(message: FromWebview): void;
  /**
   * A parameter's exact value, gradient and last update at the current snapshot (or newer). Large layers reach the
   * panel only as pictures: then the first call asks the host and returns undefined, and its answer redraws 'param'.
   */
  exact(ref: ParamRef): ParamValue | undefined;
}

/** A part of the panel: its element, and a redraw from the context's current state. */
export interface Section {
  readonly element: HTMLElement;
  update(ctx: PanelContext): void;
  dispose?(): void;
}

/** The edge limit from the host's settings when it sends them, else the default. */
export function edgeLimit(state: PanelState): number {
  return edgeLimitOf((state as { settings?: { edgeLimit?: unknown } }).settings);
}
