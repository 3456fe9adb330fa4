// What commands and panel controls do to a spec's session: one place, so both routes behave the same.
import * as vscode from 'vscode';
import type { GradCheckInfo, ParamRef } from '../../protocol';
import { rangeOfLayer, rangeOfParam } from '../../netspec/index';
import type { Session } from './session';
import type { Sessions } from './registry';
import { settings } from '../platform/settings';
import type { SpecAnalyzer } from '../editor/specAnalyzer';
import { showTrainingProgress } from '../editor/trainingProgress';
import { trustRefusal, type GatedAction } from '../platform/trust';
import { UserError } from '../platform/userError';
import { planWriteBack } from '../editor/writeBack';

export class SessionActions {
  constructor(
    private readonly sessions: Sessions,
    private readonly analyzer: SpecAnalyzer,
  ) {}

  /** Trains for the rest of the spec's epochs, with a cancellable progress notification. */
  async train(uri: vscode.Uri): Promise<Session> {
    const session = await this.ensure(uri, 'Train');
    // Train while it trains (a second click, the lens and the panel at once) is a no-op: one worker, one run.
    if (session.status !== 'running') {
      session.run();
      showTrainingProgress(session);
    }
    return session;
  }

  /** One mini-batch step (starting a session first when there is none: the hover's "Compute gradients"). */
  async step(uri: vscode.Uri): Promise<Session> {
    const session = await this.ensure(uri, 'Step');
    session.step();
    return session;
  }

  async check(uri: vscode.Uri): Promise<GradCheckInfo> {
    const session = await this.ensure(uri, 'Gradient Check');
    return session.check(settings().gradientCheckEpsilon);
  }

  async pauseResume(uri: vscode.Uri): Promise<void> {
    const session = this.sessions.get(uri);
    if (session?.status === 'running') session.pause();
    else await this.train(uri);
  }

  stop(uri: vscode.Uri): void {
    this.existing(uri).stop();
  }

  /** Back to the spec's initial weights, re-reading its current text (this also applies edits to a stale session). */
  async reset(uri: vscode.Uri): Promise<Session> {
    const session = this.sessions.get(uri);
    if (!session) return this.ensure(uri, 'Reset Weights');
    this.allow('Reset Weights');
    await this.sessions.load(session, await vscode.workspace.openTextDocument(uri));
    return session;
  }

  setLearningRate(uri: vscode.Uri, value: number): void {
    this.existing(uri).setLearningRate(value);
  }

  /** Writes the trained weights into the spec as one undoable edit of minimal changes. */
  async writeWeights(uri: vscode.Uri): Promise<void> {
    this.allow('Write Weights to Spec');
    const session = this.existing(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const snapshot = session.status === 'crashed' ? session.state.snapshot : await session.snapshotNow();
    if (!snapshot) throw new UserError('There are no trained weights yet: train or step first.');
    const digits = settings().writeBackDigits;
    const plan = planWriteBack(
      doc.getText(),
      this.analyzer.get(doc)?.result.spec,
      {
        shape: session.shape,
        params: snapshot.params,
        diverged: session.status === 'diverged',
      },
      digits > 0 ? digits : undefined,
    );
    if (!plan.ok) throw new UserError(plan.error);
    const edit = new vscode.WorkspaceEdit();
    for (const e of plan.edits)
      edit.replace(uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.newText);
    if (!(await vscode.workspace.applyEdit(edit)))
      throw new UserError('VS Code refused the edit (was the file changed meanwhile?).');
    // The file now holds the session's weights: the edit itself must not mark the session stale.
    session.adoptText(doc.getText());
  }

  /** Shows the spec with the weight selected (or its layer when the spec does not write it out). */
  async reveal(uri: vscode.Uri, ref: ParamRef): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = doc.getText();
    const range = rangeOfParam(text, ref) ?? rangeOfLayer(text, ref.layer);
    // The editor already showing the spec, else the first column (the panel sits beside it).
    const column =
      vscode.window.visibleTextEditors.find((e) => e.document === doc)?.viewColumn ?? vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false });
    if (!range) return;
    const selection = new vscode.Selection(doc.positionAt(range.offset), doc.positionAt(range.offset + range.length));
    editor.selection = selection;
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Throws the user-facing refusal when the workspace is not trusted (Restricted Mode). */
  private allow(action: GatedAction): void {
    const refusal = trustRefusal(action, vscode.workspace.isTrusted);
    if (refusal) throw new UserError(refusal);
  }

  private async ensure(uri: vscode.Uri, action: GatedAction): Promise<Session> {
    this.allow(action);
    return this.sessions.ensure(await vscode.workspace.openTextDocument(uri));
  }

  private existing(uri: vscode.Uri): Session {
    const session = this.sessions.get(uri);
    if (!session)
      throw new UserError(`${vscode.workspace.asRelativePath(uri)} has no training session: train or step first.`);
    return session;
  }
}
