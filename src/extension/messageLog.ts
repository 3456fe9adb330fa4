// Records the messages between the host and its panels, for the test API and for debugging; keeps only the newest.
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../protocol';

/** One message as it crossed the host/webview boundary. */
export type LoggedMessage =
  | { direction: 'toWebview'; spec: string; message: ToWebview }
  | { direction: 'fromWebview'; spec: string; message: FromWebview }
  /** A webview message that failed validation, kept raw so a test can see it was refused. */
  | { direction: 'rejected'; spec: string; message: unknown };

/** Entries kept: snapshots hold whole weight vectors, so an hours-long run must not keep them all. */
const KEPT = 1000;

export class MessageLog implements vscode.Disposable {
  private readonly entries: LoggedMessage[] = [];
  private total = 0;
  private readonly added = new vscode.EventEmitter<LoggedMessage>();
  /** Fires for each new entry. */
  readonly onDidLog = this.added.event;

  /** The newest entries, oldest first. */
  get messages(): readonly LoggedMessage[] {
    return this.entries;
  }

  /** How many entries were ever added. */
  get count(): number {
    return this.total;
  }

  /** The entries added after the first `count` that are still kept. */
  since(count: number): LoggedMessage[] {
    return this.entries.slice(Math.max(0, this.entries.length - (this.total - count)));
  }

  add(entry: LoggedMessage): void {
    this.entries.push(entry);
    this.total++;
    // Drop in chunks so trimming stays cheap.
    if (this.entries.length > KEPT + KEPT / 10) this.entries.splice(0, this.entries.length - KEPT);
    this.added.fire(entry);
  }

  dispose(): void {
    this.added.dispose();
  }
}
