// The cancellable "Training…" notification while a session runs; cancelling pauses it.
import * as vscode from 'vscode';
import { formatNumber } from '../../shared/format';
import type { Session } from '../sessions/session';

const showing = new WeakSet<Session>();

/** Twice a second: live to the eye, and each report costs the workbench a notification relayout. */
const REPORT_INTERVAL_MS = 500;

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
        let shown = '';
        const update = (): void => {
          const p = session.state.view.progress;
          if (p && p.totalSteps > 0) {
            const percent = Math.min(100, (100 * p.step) / p.totalSteps);
            const message = `epoch ${p.epoch} · loss ${formatNumber(p.batchLoss)}`;
            // Each report relayouts the notification in the workbench's renderer: none when nothing visible changed.
            if (message !== shown || percent - reported >= 1) {
              progress.report({ increment: Math.max(0, percent - reported), message });
              reported = Math.max(reported, percent);
              shown = message;
            }
          }
          if (session.status !== 'running') finish();
        };
        const timer = setInterval(update, REPORT_INTERVAL_MS);
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
