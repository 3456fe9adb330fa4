// Training as a debug session in the extension host: the inline adapter, stepping, variables, a clean end, and two
// specs debugged at once.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DebugFrameFocus } from '../../src/protocol';
import { activeExtension, closePanels, fixture, showSpec, waitFor } from './helpers';

/** DAP messages each debug session sent the editor, by session id. */
const sent = new Map<string, { type: string; event?: string; body?: { reason?: string } }[]>();

function stops(session: vscode.DebugSession): number {
  return (sent.get(session.id) ?? []).filter((m) => m.type === 'event' && m.event === 'stopped').length;
}

/** Runs a DAP motion and waits for the stop it causes. */
async function move(session: vscode.DebugSession, command: string): Promise<void> {
  const before = stops(session);
  await session.customRequest(command, { threadId: 1 });
  await waitFor(() => stops(session) > before || undefined, { what: `a stop after ${command}`, timeoutMs: 20_000 });
}

async function topFrames(session: vscode.DebugSession): Promise<string[]> {
  const trace = (await session.customRequest('stackTrace', { threadId: 1 })) as { stackFrames: { name: string }[] };
  return trace.stackFrames.map((f) => f.name);
}

async function started(spec: vscode.Uri): Promise<vscode.DebugSession> {
  const starting = new Promise<vscode.DebugSession>((resolve) => {
    const sub = vscode.debug.onDidStartDebugSession((s) => {
      if (s.configuration.spec === spec.fsPath) {
        sub.dispose();
        resolve(s);
      }
    });
  });
  const config = { type: 'backprop', request: 'launch', name: 'test', spec: spec.fsPath, stopOnEntry: true };
  assert.ok(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], config));
  const session = await starting;
  await waitFor(() => stops(session) > 0 || undefined, { what: 'the stop on entry', timeoutMs: 30_000 });
  return session;
}

async function ended(session: vscode.DebugSession): Promise<void> {
  const gone = new Promise<void>((resolve) => {
    const sub = vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.id === session.id) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.debug.stopDebugging(session);
  await gone;
}

describe('debugging training (the backprop debug type)', function () {
  this.timeout(120_000);
  let tracker: vscode.Disposable;

  before(async () => {
    await activeExtension();
    tracker = vscode.debug.registerDebugAdapterTrackerFactory('backprop', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: { type: string; event?: string }) => {
          const list = sent.get(session.id) ?? [];
          list.push(m);
          sent.set(session.id, list);
        },
      }),
    });
  });

  after(() => tracker.dispose());

  it('steps a spec: entry at step 0, F10, F11 into a layer, variables of every scope, a clean end', async () => {
    const session = await started(fixture('xor.nn.json'));
    assert.deepEqual(await topFrames(session), ['train step 0 (before the first)', 'epoch 1']);
    await move(session, 'next');
    assert.equal((await topFrames(session))[0], 'train step 1');
    await move(session, 'stepIn');
    assert.deepEqual((await topFrames(session)).slice(0, 2), ['hidden.forward', 'train step 2']);
    const scopes = (await session.customRequest('scopes', { frameId: 1 })) as {
      scopes: { name: string; variablesReference: number }[];
    };
    assert.deepEqual(
      scopes.scopes.map((s) => s.name),
      ['Parameters', 'Forward', 'Backward', 'Optimizer state', 'Training'],
    );
    const forward = (await session.customRequest('variables', {
      variablesReference: scopes.scopes[1].variablesReference,
    })) as { variables: { name: string; value: string }[] };
    assert.match(forward.variables[0].value, /^z 4 × 3, a 4 × 3$/);
    assert.match(forward.variables[1].value, /not computed yet in step 2/);
    const evaluated = (await session.customRequest('evaluate', { expression: 'mean(hidden.a)', frameId: 1 })) as {
      result: string;
    };
    assert.ok(Number(evaluated.result) > 0 && Number(evaluated.result) < 1, evaluated.result);
    await ended(session);
    assert.ok(sent.get(session.id)?.some((m) => m.type === 'event' && m.event === 'terminated'));
  });

  it('the panel follows the selected frame: its layer, none for a step frame, nothing once the session ends', async () => {
    const { api } = await activeExtension();
    const spec = fixture('xor.nn.json');
    const since = api.messageCount;
    const frames = (): (DebugFrameFocus | undefined)[] =>
      api
        .messagesSince(since)
        .flatMap((m) =>
          m.direction === 'toWebview' && m.spec === spec.toString() && m.message.type === 'debug/frame'
            ? [m.message.focus]
            : [],
        );
    const shown = (what: string, accept: (f: DebugFrameFocus | undefined) => boolean): Promise<unknown> =>
      waitFor(() => (frames().length > 0 && accept(frames().at(-1)) ? true : undefined), { what, timeoutMs: 20_000 });
    await vscode.commands.executeCommand('backprop.openSpec', spec);
    await waitFor(
      () => api.messagesSince(since).find((m) => m.direction === 'fromWebview' && m.message.type === 'ui/ready'),
      { what: 'the panel to load', timeoutMs: 20_000 },
    );
    const session = await started(spec);
    await shown('the stop on entry', (f) => f?.label === 'train step 0 (before the first)' && f.layer === undefined);
    await move(session, 'stepIn');
    await shown('hidden.forward, layer 0', (f) => f?.label === 'hidden.forward in train step 1' && f.layer === 0);
    await move(session, 'stepIn');
    await shown('output.forward, layer 1', (f) => f?.label === 'output.forward in train step 1' && f.layer === 1);
    await vscode.commands.executeCommand('workbench.action.debug.callStackDown');
    await shown('the step frame', (f) => f?.label === 'train step 1' && f.layer === undefined);
    await ended(session);
    await shown('no frame once the session ended', (f) => f === undefined);
    await closePanels();
  });

  it('debugs two specs at once, each with its own worker', async () => {
    const [a, b] = await Promise.all([started(fixture('xor.nn.json')), started(fixture('tiny.nn.json'))]);
    await move(a, 'next');
    await move(a, 'next');
    await move(b, 'next');
    assert.equal((await topFrames(a))[0], 'train step 2');
    assert.equal((await topFrames(b))[0], 'train step 1');
    await Promise.all([ended(a), ended(b)]);
  });

  it('offers breakpoints and the debug type in spec files only', async () => {
    const { extension } = await activeExtension();
    const manifest = extension.packageJSON as {
      contributes: { breakpoints: unknown[]; debuggers: { type: string; languages: string[] }[] };
    };
    assert.deepEqual(manifest.contributes.breakpoints, [{ language: 'nn-json' }]);
    assert.deepEqual(
      manifest.contributes.debuggers.map((d) => [d.type, d.languages]),
      [['backprop', ['nn-json']]],
    );
  });

  it('F5 without a launch.json (a configuration of only the type) debugs the active spec', async () => {
    const doc = await showSpec('tiny.nn.json');
    const starting = new Promise<vscode.DebugSession>((resolve) => {
      const sub = vscode.debug.onDidStartDebugSession((s) => (sub.dispose(), resolve(s)));
    });
    assert.ok(await vscode.debug.startDebugging(undefined, { type: 'backprop', name: '', request: '' }));
    const session = await starting;
    assert.equal(session.configuration.spec, doc.fileName);
    await waitFor(() => stops(session) > 0 || undefined, { what: 'the stop on entry', timeoutMs: 30_000 });
    await ended(session);
  });

  it('Debug Training starts a session on the active spec without a launch.json', async () => {
    const doc = await showSpec('xor.nn.json');
    const starting = new Promise<vscode.DebugSession>((resolve) => {
      const sub = vscode.debug.onDidStartDebugSession((s) => (sub.dispose(), resolve(s)));
    });
    assert.ok(await vscode.commands.executeCommand('backprop.debugTraining'));
    const session = await starting;
    assert.equal(session.type, 'backprop');
    assert.equal(session.configuration.spec, doc.fileName);
    await waitFor(() => stops(session) > 0 || undefined, { what: 'the stop on entry', timeoutMs: 30_000 });
    await ended(session);
  });
});
