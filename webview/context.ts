// What every part of the panel shares: the host's state, the user's view settings, and a way to talk to the host.
import type { FromWebview, PanelState } from '../src/protocol';
import { edgeLimitOf } from './heatmap';
import type { ViewSettings } from './store';

export interface PanelContext {
  readonly state: PanelState;
  readonly settings: ViewSettings;
  /** Changes view settings: saved for a rebuilt webview, and the affected parts redrawn. */
  setSettings(patch: Partial<ViewSettings>): void;
  post(message: FromWebview): void;
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
