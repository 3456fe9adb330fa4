// Shows a command's or panel control's failure: a user's mistake as an actionable message, a bug with details to copy.
import * as vscode from 'vscode';
import { describeFailure } from './userError';

const COPY = 'Copy Details';

/** Shows the failure and hands its message to `record` (the test API keeps them). */
export function showFailure(err: unknown, doing: string, record: (message: string) => void): void {
  const { message, internal } = describeFailure(err, doing);
  record(message);
  if (!internal) {
    void vscode.window.showErrorMessage(`Backprop: ${message}`);
    return;
  }
  const details = err instanceof Error ? err.stack ?? err.message : String(err);
  void vscode.window.showErrorMessage(`Backprop: ${message}`, COPY).then((choice) => {
    if (choice === COPY) void vscode.env.clipboard.writeText(details);
  });
}
