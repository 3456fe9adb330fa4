// Tells the user when a session ends by itself: a crash or out-of-memory (offering Restart), or its spec deleted or
// renamed away.
import * as vscode from 'vscode';
import type { Session } from './session';
import type { Sessions } from './registry';
import type { Probe } from '../testing/probe';

/** One notification as shown, with what choosing each of its buttons does (the test API keeps them). */
export interface Notice {
  message: string;
  actions: string[];
  /** Does what clicking the button titled `action` does. */
  choose(action: string): Promise<void>;
}

const RESTART = 'Restart';

/** Shows each end as a notification; the probe (test mode) keeps it, and its message among the errors. */
export function announceSessionEnds(sessions: Sessions, probe: Probe | undefined): vscode.Disposable {
  const record = (notice: Notice): void => {
    probe?.notice(notice);
    probe?.error(notice.message);
  };
  const name = (session: Session): string => vscode.workspace.asRelativePath(session.uri, false);
  const crashed = (session: Session, message: string): void => {
    const notice: Notice = {
      message: `${name(session)}: ${message}`,
      actions: [RESTART],
      // Read the URI when clicked: the spec may have been renamed since. Reset re-creates the worker from the current
      // text.
      choose: async (action) => {
        if (action === RESTART) await vscode.commands.executeCommand('backprop.reset', session.uri);
      },
    };
    record(notice);
    void vscode.window
      .showErrorMessage(`Backprop: ${notice.message}`, RESTART)
      .then((choice) => choice && notice.choose(choice));
  };
  const ended = (message: string): void => {
    record({ message, actions: [], choose: () => Promise.resolve() });
    void vscode.window.showWarningMessage(`Backprop: ${message}`);
  };
  return vscode.Disposable.from(
    sessions.onDidCrash(({ session, message }) => crashed(session, message)),
    sessions.onDidEnd(({ message }) => ended(message)),
  );
}
