// The webview's handle on VS Code: posting typed messages and keeping its spec and view-only settings across rebuilds.
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

/**
 * The URI of the spec this panel shows, as the host wrote it into the page. Saved with the settings: after a window
 * reload VS Code hands the saved state to the host's serializer, which finds the spec there.
 */
const spec = document.body.dataset.spec ?? '';

/** Posts a message to the extension host. */
export function post(message: FromWebview): void {
  api.postMessage(message);
}

/** The settings saved by an earlier instance of this webview, checked field by field; saves this panel's spec. */
export function loadSettings(): ViewSettings {
  const settings = readSettings(api.getState());
  saveSettings(settings);
  return settings;
}

/** Saves the settings (and the spec) so a rebuilt webview (hidden tab, reload) shows the same view. */
export function saveSettings(settings: ViewSettings): void {
  api.setState({ ...settings, spec });
}
