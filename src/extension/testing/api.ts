// The small API `activate()` returns, so extension-host tests can watch and drive panels and sessions.
import type * as vscode from 'vscode';
import type { SessionStatus, SessionView, ToWebview } from '../../protocol';
import type { LoggedMessage } from './messageLog';
import type { Notice } from '../sessions/notices';
import type { ByteRead } from '../../node/specFiles';
import type { HoverTiming } from './probe';
import type { DataCheckEvent } from '../editor/loadProgress';

export type { ByteRead, DataCheckEvent, HoverTiming, LoggedMessage, Notice };

/** A session as tests see it. */
export interface SessionInfo {
  status: SessionStatus;
  stale: boolean;
  /** [input, units…] of the network the worker loaded. */
  shape: readonly number[];
  view: SessionView;
  /** Gradient checks and snapshot requests the worker has not answered yet. */
  pendingRequests: number;
  /** The text of its status bar item. */
  statusBarText: string | undefined;
  /** Its status bar item's accessibility label. */
  statusBarLabel: string | undefined;
  /** Worker threads this session has started (1 until a restart after a crash). */
  workersStarted: number;
  /** The least time between two progress messages to its panel now (from `backprop.updateRate`), in ms. */
  progressIntervalMs: number;
}

export interface BackpropApi {
  /** How long `activate()` took, in ms (performance.now() at its start and end; module loading not included). */
  readonly activationMs: number;
  /**
   * The newest thousand hovers our provider answered, oldest first: when it started (performance.now() of this host)
   * and how long it took, in ms; bench:editor splits a hover's round trip with them.
   */
  readonly hovers: readonly HoverTiming[];
  /** How many messages were exchanged with panels so far. */
  readonly messageCount: number;
  /** The messages after the first `count` (take `messageCount` before acting, then read what followed). */
  messagesSince(count: number): LoggedMessage[];
  /** Every error message a command or panel control showed, oldest first. */
  readonly errors: readonly string[];
  /** Notifications about sessions that ended by themselves (crash, spec deleted), with their buttons, oldest first. */
  readonly notices: readonly Notice[];
  /** The newest data-file reads made on the extension host's own thread (spec checks read headers only). */
  readonly dataReads: readonly ByteRead[];
  /** The newest background data checks' window-progress texts and ends (superseded, checked, failed), oldest first. */
  readonly dataChecks: readonly DataCheckEvent[];
  /** The HTML and resource roots of the spec's open panel, as last rendered. */
  panelHtml(spec: vscode.Uri): { html: string; localResourceRoots: string[] } | undefined;
  /** Runs the panel serializer's restore (what a window reload does) on `panel` with the webview's saved `state`. */
  restorePanel(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
  /** Posts a message to the spec's panel; resolves false when it has none. */
  postToPanel(spec: vscode.Uri, message: ToWebview): Thenable<boolean>;
  /** Feeds a raw message through the same validation and routing as one from the spec's webview. */
  receiveFromPanel(spec: vscode.Uri, raw: unknown): void;
  /** The spec's session, if it has one. */
  sessionFor(spec: vscode.Uri): SessionInfo | undefined;
  /** Resolves once the spec's session has one of `statuses` (rejects after `timeoutMs`, default 20 s). */
  whenStatus(spec: vscode.Uri, statuses: SessionStatus | SessionStatus[], timeoutMs?: number): Promise<SessionInfo>;
  /** Terminates the session's worker as a crash would; resolves with its exit code. */
  terminateWorker(spec: vscode.Uri): Promise<number>;
}
