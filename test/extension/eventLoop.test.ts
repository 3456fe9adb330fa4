// The extension host's main thread stays responsive while the largest example trains: measures its event-loop delay.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import * as vscode from 'vscode';
import { activeExtension, fixture, showSpec, waitFor } from './helpers';

const MEASURE_MS = 4000;

/** Event-loop delay (ms) of this host over `ms`, hovering the spec every 50 ms like a user moving the mouse. */
async function measure(
  ms: number,
  doc: vscode.TextDocument,
): Promise<{ mean: number; p50: number; p99: number; max: number; hoverMaxMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const hoverTimes: number[] = [];
  const position = doc.positionAt(doc.getText().indexOf('"hidden1"') + 2);
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const t0 = performance.now();
    await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
    hoverTimes.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  histogram.disable();
  const toMs = (ns: number): number => Math.round(ns / 1e4) / 100;
  return {
    mean: toMs(histogram.mean),
    p50: toMs(histogram.percentile(50)),
    p99: toMs(histogram.percentile(99)),
    max: toMs(histogram.max),
    hoverMaxMs: Math.round(Math.max(...hoverTimes)),
  };
}

describe('host responsiveness while training', () => {
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('keeps the event-loop delay low and serves hovers while the spiral example trains', async () => {
    const { api } = await activeExtension();
    const uri = fixture('spiral.nn.json');
    const doc = await showSpec('spiral.nn.json');
    await vscode.commands.executeCommand('backprop.showPanel', uri);
    const idle = await measure(MEASURE_MS / 2, doc);
    await vscode.commands.executeCommand('backprop.train', uri);
    await api.whenStatus(uri, 'running');
    await waitFor(() => ((api.sessionFor(uri)?.view.progress?.step ?? 0) > 0 ? true : undefined), {
      what: 'training to start',
      timeoutMs: 10_000,
    });
    const training = await measure(MEASURE_MS, doc);
    const steps = api.sessionFor(uri)!.view.progress!.step;
    await vscode.commands.executeCommand('backprop.stop', uri);
    await api.whenStatus(uri, 'done');
    const result = { trainedSteps: steps, idle, training };
    console.log(`      event-loop delay (ms): ${JSON.stringify(result)}`);
    const out = process.env.BACKPROP_TEST_RESULTS;
    if (out) fs.writeFileSync(path.join(path.dirname(out), 'event-loop-delay.json'), JSON.stringify(result, null, 2));
    assert.ok(steps > 100, `only ${steps} steps trained`);
    // The 5 ms resolution is the floor; a p99 near a training slice's length would mean math on this thread.
    assert.ok(training.p99 < 50, `p99 event-loop delay ${training.p99} ms`);
  });
});
