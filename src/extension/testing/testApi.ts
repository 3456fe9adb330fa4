// Builds the test API over the live registries and the probe (see api.ts); only in test or development mode.
import type * as vscode from 'vscode';
import type { SessionStatus } from '../../protocol';
import type { BackpropApi, SessionInfo } from './api';
import type { Panels } from '../panel/panels';
import type { Probe } from './probe';
import type { Sessions } from '../sessions/registry';
import type { StatusBar } from '../editor/statusBar';

export function testApi(
  probe: Probe,
  panels: Panels,
  sessions: Sessions,
  statusBar: StatusBar,
  activationMs: number,
): BackpropApi {
  const sessionFor = (spec: vscode.Uri): SessionInfo | undefined => {
    const s = sessions.get(spec);
    return (
      s && {
        status: s.status,
        stale: s.stale,
        shape: s.shape,
        view: s.state.view,
        pendingRequests: s.pendingRequests,
        statusBarText: statusBar.textOf(s),
        statusBarLabel: statusBar.labelOf(s),
        workersStarted: s.workersStarted,
        progressIntervalMs: s.streamIntervalMs('session/progress'),
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
    hovers: probe.hovers,
    get messageCount() {
      return probe.log.count;
    },
    messagesSince: (count) => probe.log.since(count),
    errors: probe.errors,
    notices: probe.notices,
    dataReads: probe.dataReads,
    dataChecks: probe.dataChecks,
    panelHtml: (spec) => panels.htmlOf(spec),
    restorePanel: (panel, state) => panels.restore(panel, state),
    postToPanel: (spec, message) => panels.post(spec, message),
    receiveFromPanel: (spec, raw) => panels.receive(spec, raw),
    sessionFor,
    whenStatus,
    terminateWorker: (spec) => sessions.get(spec)?.terminateWorker() ?? Promise.resolve(0),
  };
}
