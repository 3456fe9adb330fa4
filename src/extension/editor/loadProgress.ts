// The cancellable "Loading data…" notification while a session's worker reads its data files: bytes or rows and the
// percent of each file, shown from the first progress message until the load settles; cancelling stops the load.
// The background data check of an opened or edited spec shows the same in the window's progress (status bar): no
// notification for what the user did not ask for; the spec's next data-relevant edit supersedes it.
import * as vscode from 'vscode';
import type { LoadProgressInfo } from '../../protocol';
import { loadProgressText } from '../../shared/format';
import type { Session } from '../sessions/session';
import type { DataCheckOutcome, DataCheckProgress, DataChecks } from './dataChecks';

const showing = new WeakSet<Session>();

/** Shows the notification of the session's current load (at most one per session), starting at `first`. */
export function showLoadProgress(session: Session, first: LoadProgressInfo): void {
  if (showing.has(session)) return;
  showing.add(session);
  const name = session.uri.path.split('/').pop();
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Loading the data of ${name}`, cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        // NOTE: the percent is in the message, not the bar: a spec's files load one after another, and VS Code's bar
        // cannot go back to zero for the next one.
        const update = (p: LoadProgressInfo): void => progress.report({ message: loadProgressText(p) });
        const cancel = token.onCancellationRequested(() => session.cancelLoad());
        const listener = session.onDidLoadProgress(update);
        update(first);
        void session.whenLoaded().then(() => {
          cancel.dispose();
          listener.dispose();
          showing.delete(session);
          resolve();
        });
      }),
  );
}

/** What the window progress of a background data check showed (`text`), or how the check ended (`outcome`). */
export interface DataCheckEvent {
  /** The spec's URI. */
  spec: string;
  requestId: number;
  text?: string;
  outcome?: DataCheckOutcome;
}

/**
 * Shows each background data check in the window progress from its first progress message that is not already its end
 * (a small file's check comes and goes unseen) until it settles; `watch` hears each text shown and how the check
 * ended (the test probe).
 */
export function showDataCheckProgress(checks: DataChecks, watch?: (event: DataCheckEvent) => void): vscode.Disposable {
  const shown = new Set<number>();
  return checks.onDidProgress((first) => {
    if (shown.has(first.requestId) || first.progress.done >= first.progress.total) return;
    shown.add(first.requestId);
    const name = first.owner.split('/').pop() ?? first.owner;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Checking the data of ${decodeURIComponent(name)}` },
      async (progress) => {
        const update = (p: DataCheckProgress): void => {
          if (p.requestId !== first.requestId) return;
          const text = loadProgressText(p.progress);
          progress.report({ message: text });
          watch?.({ spec: p.owner, requestId: p.requestId, text });
        };
        const listener = checks.onDidProgress(update);
        update(first);
        const outcome = await first.settled;
        listener.dispose();
        shown.delete(first.requestId);
        watch?.({ spec: first.owner, requestId: first.requestId, outcome });
      },
    );
  });
}
