// The webview's handle on VS Code: posting typed messages and keeping view-only settings across rebuilds.
import type { FromWebview } from '../../src/protocol';
import { readSettings, type ViewSettings } from './store';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

// NOTE: acquireVsCodeApi may be called only once per webview, so this module owns the handle.
const api = acquireVsCodeApi();

/** Posts a message to the extension host. */
export function post(message: FromWebview): void {
  api.postMessage(message);
}

/** The settings saved by an earlier instance of this webview, checked field by field. */
export function loadSettings(): ViewSettings {
  return readSettings(api.getState());
}

/** Saves the settings so a rebuilt webview (hidden tab, reload) shows the same view. */
export function saveSettings(settings: ViewSettings): void {
  api.setState(settings);
}
