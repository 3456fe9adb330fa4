// One status bar item per spec with a session: name, epoch, loss, steps/s and stale; clicking shows the panel.
import * as vscode from 'vscode';
import type { SessionStatus } from '../../protocol';
import { formatNumber } from '../../shared/format';
import type { Session } from '../sessions/session';
import type { Sessions } from '../sessions/registry';

const ICONS: Record<SessionStatus, string> = {
  none: '$(circle-outline)',
  loading: '$(loading~spin)',
  ready: '$(circle-outline)',
  running: '$(sync~spin)',
  paused: '$(debug-pause)',
  done: '$(check)',
  diverged: '$(error)',
  crashed: '$(error)',
  error: '$(error)',
};

/** The item's text for a session: name, epoch, loss, steps/s while running, and stale. */
function statusText(session: Session): string {
  const name =
    session.uri.path
      .split('/')
      .pop()
      ?.replace(/\.nn\.json$/, '') ?? '';
  const p = session.state.view.progress;
  const parts = [`${ICONS[session.status]} ${name}`];
  if (p) {
    parts.push(`epoch ${p.epoch}`, `loss ${formatNumber(p.batchLoss)}`);
    if (session.status === 'running') parts.push(`${Math.round(p.stepsPerSecond).toLocaleString('en-US')} steps/s`);
  } else parts.push(session.status);
  if (session.stale) parts.push('$(warning) stale');
  return parts.join(' · ');
}

export class StatusBar implements vscode.Disposable {
  private readonly items = new Map<Session, vscode.StatusBarItem>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(sessions: Sessions) {
    this.subscriptions = [
      sessions.onDidChange((s) => this.update(s)),
      sessions.onDidStream(({ session, message }) => message.type === 'session/progress' && this.update(session)),
      sessions.onDidEnd(({ session }) => {
        this.items.get(session)?.dispose();
        this.items.delete(session);
      }),
    ];
  }

  /** The current text of the session's item (for tests). */
  textOf(session: Session): string | undefined {
    return this.items.get(session)?.text;
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
    item.text = statusText(session);
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
    for (const item of this.items.values()) item.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
