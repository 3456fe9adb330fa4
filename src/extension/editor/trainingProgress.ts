// The cancellable "Training…" notification while a session runs; cancelling pauses it.
import * as vscode from 'vscode';
import { formatNumber } from '../../shared/format';
import type { Session } from '../sessions/session';

const showing = new WeakSet<Session>();

/** Shows the notification until the session stops running (at most one per session). */
export function showTrainingProgress(session: Session): void {
  if (showing.has(session)) return;
  showing.add(session);
  const name = session.uri.path.split('/').pop();
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Training ${name}`, cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        let reported = 0;
        const update = (): void => {
          const p = session.state.view.progress;
          if (p && p.totalSteps > 0) {
            const percent = Math.min(100, (100 * p.step) / p.totalSteps);
            progress.report({
              increment: Math.max(0, percent - reported),
              message: `epoch ${p.epoch} · loss ${formatNumber(p.batchLoss)}`,
            });
            reported = Math.max(reported, percent);
          }
          if (session.status !== 'running') finish();
        };
        const timer = setInterval(update, 250);
        const cancel = token.onCancellationRequested(() => session.pause());
        const changed = session.onDidChangeState(update);
        function finish(): void {
          clearInterval(timer);
          cancel.dispose();
          changed.dispose();
          showing.delete(session);
          resolve();
        }
        update();
      }),
  );
}
