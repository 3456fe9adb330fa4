// Code lenses at the top of every spec: Train (Pause/Resume while a session runs) · Step · Debug · Gradient check ·
// Panel.
import * as vscode from 'vscode';
import type { SessionStatus } from '../../protocol';
import type { Sessions } from '../sessions/registry';

/** The first lens follows the session: what clicking it would do now. */
function runLens(status: SessionStatus | undefined): [title: string, command: string] {
  if (status === 'running') return ['$(debug-pause) Pause', 'backprop.pauseResume'];
  if (status === 'paused') return ['$(play) Resume', 'backprop.pauseResume'];
  return ['$(play) Train', 'backprop.train'];
}

export function registerCodeLenses(sessions: Sessions): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider = vscode.languages.registerCodeLensProvider(
    { pattern: '**/*.nn.json' },
    {
      onDidChangeCodeLenses: changed.event,
      provideCodeLenses(doc) {
        const top = new vscode.Range(0, 0, 0, 0);
        const lenses: [string, string][] = [
          runLens(sessions.get(doc.uri)?.status),
          ['$(debug-step-over) Step', 'backprop.step'],
          ['$(debug-alt) Debug', 'backprop.debugTraining'],
          ['$(checklist) Gradient check', 'backprop.gradientCheck'],
          ['$(graph) Panel', 'backprop.showPanel'],
        ];
        return lenses.map(([title, command]) => new vscode.CodeLens(top, { title, command, arguments: [doc.uri] }));
      },
    },
  );
  return vscode.Disposable.from(
    changed,
    provider,
    sessions.onDidChange(() => changed.fire()),
  );
}
