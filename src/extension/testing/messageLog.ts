// Records the messages between the host and its panels, for the test API (test and development mode only); keeps only
// the newest.
import type { FromWebview, ToWebview } from '../../protocol';
import { KEPT_BYTES, typedBytes } from '../sessions/streamBudget';

/** One message as it crossed the host/webview boundary. */
export type LoggedMessage =
  | { direction: 'toWebview'; spec: string; message: ToWebview }
  | { direction: 'fromWebview'; spec: string; message: FromWebview }
  /** A webview message that failed validation, kept raw so a test can see it was refused. */
  | { direction: 'rejected'; spec: string; message: unknown };

/** Entries kept: snapshots hold whole weight vectors, so an hours-long run must not keep them all. */
const KEPT = 1000;
export class MessageLog {
  private readonly entries: LoggedMessage[] = [];
  private readonly sizes: number[] = [];
  private bytes = 0;
  private total = 0;

  /** How many entries were ever added. */
  get count(): number {
    return this.total;
  }

  /** The entries added after the first `count` that are still kept. */
  since(count: number): LoggedMessage[] {
    return this.entries.slice(Math.max(0, this.entries.length - (this.total - count)));
  }

  add(entry: LoggedMessage): void {
    const size = typedBytes(entry.message);
    this.entries.push(entry);
    this.sizes.push(size);
    this.bytes += size;
    this.total++;
    // Drop in chunks so trimming stays cheap; by bytes, drop until under budget (the newest entry always stays).
    let drop = this.entries.length > KEPT + KEPT / 10 ? this.entries.length - KEPT : 0;
    let bytes = this.bytes;
    for (let i = 0; i < drop; i++) bytes -= this.sizes[i];
    while (bytes > KEPT_BYTES && drop < this.entries.length - 1) bytes -= this.sizes[drop++];
    if (drop > 0) {
      this.entries.splice(0, drop);
      this.sizes.splice(0, drop);
      this.bytes = bytes;
    }
  }
}
