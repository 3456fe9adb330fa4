// Builds the test API over the live registries (see api.ts).
import type * as vscode from 'vscode';
import type { SessionStatus } from '../../protocol';
import type { BackpropApi, SessionInfo } from './api';
import type { MessageLog } from './messageLog';
import type { Panels } from '../panel/panels';
import type { Notice } from '../sessions/notices';
import type { Sessions } from '../sessions/registry';
import type { StatusBar } from '../editor/statusBar';

export function testApi(
  log: MessageLog,
  errors: readonly string[],
  notices: readonly Notice[],
  panels: Panels,
  sessions: Sessions,
  statusBar: StatusBar,
  activationMs: number,
  hoverMs: readonly number[],
): BackpropApi {
  const sessionFor = (spec: vscode.Uri): SessionInfo | undefined => {
    const s = sessions.get(spec);
    return (
      s && {
        status: s.status,
        stale: s.stale,
        shape: s.shape,
        view: s.model.view,
        pendingRequests: s.pendingRequests,
        statusBarText: statusBar.textOf(s),
        statusBarLabel: statusBar.labelOf(s),
        workersStarted: s.workersStarted,
      }
    );
  };
  const whenStatus = (
    spec: vscode.Uri,
    wanted: SessionStatus | SessionStatus[],
    timeoutMs = 20_000,
  ): Promise<SessionInfo> => {
    const statuses = Array.isArray(wanted) ? wanted : [wanted];
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const info = sessionFor(spec);
        if (!info || !statuses.includes(info.status)) return false;
        clearTimeout(timer);
        listener.dispose();
        resolve(info);
        return true;
      };
      const timer = setTimeout(() => {
        listener.dispose();
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${spec.path} to be ${statuses.join('|')} (it is ` +
              `${sessionFor(spec)?.status ?? 'without a session'})`,
          ),
        );
      }, timeoutMs);
      const listener = sessions.onDidChange(() => void check());
      check();
    });
  };
  return {
    activationMs,
    hoverMs,
    get messages() {
      return log.messages;
    },
    get messageCount() {
      return log.count;
    },
    messagesSince: (count) => log.since(count),
    onDidLogMessage: log.onDidLog,
    errors,
    notices,
    panelHtml: (spec) => panels.htmlOf(spec),
    restorePanel: (panel, candidates) => panels.restore(panel, candidates?.map(String)),
    rememberedPanels: () => panels.remembered(),
    postToPanel: (spec, message) => panels.post(spec, message),
    receiveFromPanel: (spec, raw) => panels.receive(spec, raw),
    sessionFor,
    whenStatus,
    terminateWorker: (spec) => sessions.get(spec)?.terminateWorker() ?? Promise.resolve(0),
  };
}
