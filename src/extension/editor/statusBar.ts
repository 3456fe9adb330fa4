// One status bar item per spec with a session: name, epoch, loss, steps/s and stale; clicking shows the panel.
import * as vscode from 'vscode';
import type { Session } from '../sessions/session';
import type { Sessions } from '../sessions/registry';
import { statusLabel, statusText, type StatusFacts } from './statusBarText';
import { systemClock, Throttle, type Clock } from '../sessions/throttle';

/**
 * Streamed progress redraws an item at most this often: each change is a message to the workbench and a relayout of
 * its status bar, which at the stream's rate delays hovers and typing in the same renderer.
 */
export const STATUS_STREAM_INTERVAL_MS = 500;

/** The item's facts about a session. */
function factsOf(session: Session): StatusFacts {
  const name =
    session.uri.path
      .split('/')
      .pop()
      ?.replace(/\.nn\.json$/, '') ?? '';
  const { progress, snapshot } = session.state.view;
  const facts: StatusFacts = { name, status: session.status, progress, stale: session.stale };
  if (snapshot && (snapshot.accuracy !== undefined || snapshot.validationAccuracy !== undefined))
    facts.accuracy = { training: snapshot.accuracy, validation: snapshot.validationAccuracy };
  return facts;
}

export class StatusBar implements vscode.Disposable {
  private readonly items = new Map<Session, vscode.StatusBarItem>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly keys = new WeakMap<Session, string>();
  private keysMade = 0;
  private readonly redraws: Throttle<Session>;

  constructor(sessions: Sessions, clock: Clock = systemClock) {
    this.redraws = new Throttle(
      (s) => this.update(s),
      () => STATUS_STREAM_INTERVAL_MS,
      clock,
    );
    this.subscriptions = [
      // A change of status, stale or warning shows at once; the numbers streaming in wait for the next redraw.
      sessions.onDidChange((s) => this.redraws.now(this.keyOf(s), s)),
      sessions.onDidStream(
        ({ session, message }) =>
          (message.type === 'session/progress' || message.type === 'session/snapshot') &&
          this.redraws.offer(this.keyOf(session), session),
      ),
      sessions.onDidEnd(({ session }) => {
        this.redraws.forget(this.keyOf(session));
        this.items.get(session)?.dispose();
        this.items.delete(session);
      }),
    ];
  }

  /** The session's throttle key: its own, as its URI changes when the spec is renamed. */
  private keyOf(session: Session): string {
    let key = this.keys.get(session);
    if (key === undefined) {
      key = String(this.keysMade++);
      this.keys.set(session, key);
    }
    return key;
  }

  /** The current text of the session's item (for tests). */
  textOf(session: Session): string | undefined {
    return this.items.get(session)?.text;
  }

  /** The label screen readers read for the session's item (for tests). */
  labelOf(session: Session): string | undefined {
    return this.items.get(session)?.accessibilityInformation?.label;
  }

  private update(session: Session): void {
    let item = this.items.get(session);
    if (!item) {
      item = vscode.window.createStatusBarItem(
        `backprop.session.${session.uri.toString()}`,
        vscode.StatusBarAlignment.Left,
        50,
      );
      item.name = 'Backprop training session';
      item.command = { title: 'Show Panel', command: 'backprop.showPanel', arguments: [session.uri] };
      this.items.set(session, item);
    }
    const facts = factsOf(session);
    item.text = statusText(facts);
    item.accessibilityInformation = { label: `${statusLabel(facts)}. Show the training panel.`, role: 'button' };
    const { message, warning } = session.state.view;
    const stale = session.stale ? '\nThe spec changed since training began: reset to apply.' : '';
    item.tooltip =
      `${session.uri.fsPath}: ${session.status}${message ? ` — ${message}` : ''}${warning ? `\n${warning}` : ''}` +
      `${stale}\nClick to show the training panel.`;
    const failed = session.status === 'crashed' || session.status === 'diverged' || session.status === 'error';
    item.backgroundColor = failed
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : session.stale || warning
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
    item.show();
  }

  dispose(): void {
    this.redraws.clear();
    for (const item of this.items.values()) item.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
