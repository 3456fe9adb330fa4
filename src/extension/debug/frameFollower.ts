// The panel follows the frame selected in the Call Stack: each change of VS Code's active stack item asks the adapter
// which layer that frame computes and hands it to the spec's panel; running on, another session or the end clears it.
import * as vscode from 'vscode';
import type { DebugFrameFocus } from '../../protocol';

/** Receives the selected frame of a spec's session (undefined: nothing selected there any more). */
export type ShowFrame = (spec: vscode.Uri, focus: DebugFrameFocus | undefined) => void;

export function followSelectedFrame(debugType: string, show: ShowFrame): vscode.Disposable {
  /** The spec whose panel shows a frame now. */
  let shown: vscode.Uri | undefined;
  /** Bumped on every change, so an answer to an older selection (they come back out of order) is dropped. */
  let generation = 0;

  const clear = (): void => {
    if (shown) show(shown, undefined);
    shown = undefined;
  };

  const select = async (item: vscode.DebugThread | vscode.DebugStackFrame | undefined): Promise<void> => {
    const mine = ++generation;
    const session = item?.session;
    if (!(item instanceof vscode.DebugStackFrame) || session?.type !== debugType) return clear();
    const spec = vscode.Uri.file(String(session.configuration.spec));
    const focus = (await session.customRequest('backprop/frame', { frameId: item.frameId })) as
      Partial<DebugFrameFocus> | undefined;
    if (mine !== generation) return;
    if (shown && shown.toString() !== spec.toString()) clear();
    if (typeof focus?.label !== 'string') return clear();
    shown = spec;
    show(spec, typeof focus.layer === 'number' ? { label: focus.label, layer: focus.layer } : { label: focus.label });
  };

  return vscode.Disposable.from(
    vscode.debug.onDidChangeActiveStackItem((item) => {
      // A session that ended meanwhile refuses the request: nothing is selected there any more.
      select(item).catch(() => {
        generation++;
        clear();
      });
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.type !== debugType || !shown) return;
      if (shown.toString() !== vscode.Uri.file(String(session.configuration.spec)).toString()) return;
      generation++;
      clear();
    }),
  );
}
