// The small API `activate()` returns, so extension-host tests can watch and drive the panels.
import type * as vscode from 'vscode';
import type { ToWebview } from '../protocol';
import type { LoggedMessage } from './messageLog';

export type { LoggedMessage };

export interface BackpropApi {
  /** Every message exchanged with panels so far, oldest first. */
  readonly messages: readonly LoggedMessage[];
  /** Fires for each message as it is logged. */
  readonly onDidLogMessage: vscode.Event<LoggedMessage>;
  /** Posts a message to the spec's panel; resolves false when it has none. */
  postToPanel(spec: vscode.Uri, message: ToWebview): Thenable<boolean>;
  /** Feeds a raw message through the same validation and routing as one from the spec's webview. */
  receiveFromPanel(spec: vscode.Uri, raw: unknown): void;
}
