// The cancellable "Loading data…" notification while a session's worker reads its data files: bytes or rows and the
// percent of each file, shown from the first progress message until the load settles; cancelling stops the load.
import * as vscode from 'vscode';
import type { LoadProgressInfo } from '../../protocol';
import { loadProgressText } from '../../shared/format';
import type { Session } from '../sessions/session';

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
