// Records every message between the host and its panels, for the test API and for debugging.
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../protocol';

/** One message as it crossed the host/webview boundary. */
export type LoggedMessage =
  | { direction: 'toWebview'; spec: string; message: ToWebview }
  | { direction: 'fromWebview'; spec: string; message: FromWebview }
  /** A webview message that failed validation, kept raw so a test can see it was refused. */
  | { direction: 'rejected'; spec: string; message: unknown };

export class MessageLog implements vscode.Disposable {
  private readonly entries: LoggedMessage[] = [];
  private readonly added = new vscode.EventEmitter<LoggedMessage>();
  /** Fires for each new entry. */
  readonly onDidLog = this.added.event;

  /** Every entry so far, oldest first. */
  get messages(): readonly LoggedMessage[] {
    return this.entries;
  }

  add(entry: LoggedMessage): void {
    this.entries.push(entry);
    this.added.fire(entry);
  }

  dispose(): void {
    this.added.dispose();
  }
}
