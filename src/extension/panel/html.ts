// The panel's HTML shell: a strict CSP keyed to a fresh nonce, the bundled script and the theme-aware CSS.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

/** A fresh, unguessable nonce for one render (base64 of 16 random bytes). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Escapes text for an HTML attribute or text node: the title and the spec URI are the shell's only dynamic text. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What one render of a panel's shell says: its title, its spec's URI (the webview saves it) and a fresh nonce. */
export interface ShellFacts {
  title: string;
  spec: string;
  nonce: string;
}

/** The whole document for a panel; everything it shows after load arrives by message. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, facts: ShellFacts): string {
  const { title, spec, nonce } = facts;
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  // NOTE: the web components style themselves through constructable stylesheets, which CSP does not gate.
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body data-spec="${escapeHtml(spec)}">
<main id="app"><p class="loading">Loading…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
