// The panel's entry point: handshake with the host, then rebuild the view from each full state it sends.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { FromWebview, ToWebview } from '../src/protocol';
import { renderState } from './render';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app');

/** Host messages are trusted more than webview ones, but a stray message must still not break the view. */
function isToWebview(data: unknown): data is ToWebview {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!app || !isToWebview(event.data)) return;
  const message = event.data;
  switch (message.type) {
    case 'spec/state':
      renderState(app, message.state);
      return;
    default: {
      const unhandled: never = message.type;
      console.warn(`Backprop panel: ignoring unknown message ${String(unhandled)}`);
    }
  }
});

vscode.postMessage({ type: 'ui/ready' });
