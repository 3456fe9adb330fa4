// Shows a command's or panel control's failure: a user's mistake as an actionable message, a bug with details to copy.
import * as vscode from 'vscode';
import type { Probe } from '../testing/probe';
import { describeFailure, SessionEndedError } from './userError';

const COPY = 'Copy Details';

/** Shows the failure (the probe, in test mode, keeps its message). */
export function showFailure(err: unknown, doing: string, probe: Probe | undefined): void {
  // NOTE: the session's end has its own notification (with Restart); a second one for each request it cut short is
  // noise.
  if (err instanceof SessionEndedError) return;
  const { message, internal } = describeFailure(err, doing);
  probe?.error(message);
  if (!internal) {
    void vscode.window.showErrorMessage(`Backprop: ${message}`);
    return;
  }
  const details = err instanceof Error ? (err.stack ?? err.message) : String(err);
  void vscode.window.showErrorMessage(`Backprop: ${message}`, COPY).then((choice) => {
    if (choice === COPY) void vscode.env.clipboard.writeText(details);
  });
}
