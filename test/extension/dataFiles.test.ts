// A spec naming a 10 MB CSV: the extension host reads its header only, even while the user types; the cells are
// checked in a worker and their problems still reach the editor, located in the spec and naming the file's line. A
// 100 MB file's check shows its progress in the window and stops when an edit makes it stale.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { BackpropApi } from '../../src/extension/testing/api';
import { activeExtension, fixture, waitFor } from './helpers';

const COLUMNS = 10;
/** Just under the 10 MB a data file may hold. */
const CSV_BYTES = 9_500_000;
const HEADER = [...Array.from({ length: COLUMNS }, (_, i) => `x${i}`), 'y'].join(',');

/** The CSV: seeded numbers, "oops" in column x3 of the last row when `bad`; with that row's line. */
function bigCsv(bad: boolean): { text: string; lastLine: number } {
  let seed = 1;
  const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const rows: string[] = [];
  let size = HEADER.length + 1;
  while (size < CSV_BYTES) {
    const row = [...Array.from({ length: COLUMNS }, () => next().toFixed(4)), String(rows.length % 2)].join(',');
    rows.push(row);
    size += row.length + 1;
  }
  if (bad) rows[rows.length - 1] = rows[rows.length - 1].replace(/^((?:[^,]*,){3})[^,]*/, '$1oops');
  return { text: `${HEADER}\n${rows.join('\n')}\n`, lastLine: rows.length + 1 };
}

const SPEC = `{
  // A spec naming a large CSV (written by the test).
  "name": "Big data",
  "input": ${COLUMNS},
  "layers": [{ "name": "out", "units": 1, "activation": "sigmoid" }],
  "loss": "binary-cross-entropy",
  "data": { "csv": "big.csv", "targetColumns": ["y"] }
}
`;

/** The spec's problems once `accept` holds (the worker's check of 10 MB takes seconds on a busy machine). */
function problemsWhere(uri: vscode.Uri, what: string, accept: (d: vscode.Diagnostic[]) => boolean) {
  return waitFor(
    () => {
      const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'backprop');
      return accept(diagnostics) ? diagnostics : undefined;
    },
    { what, timeoutMs: 120_000 },
  );
}

/** Bytes the host itself read from `file` since the read numbered `since`. */
function hostBytes(api: BackpropApi, file: string, since: number): number {
  return api.dataReads
    .slice(since)
    .filter((r) => r.path === file)
    .reduce((sum, r) => sum + r.bytes, 0);
}

describe('data files on the extension host', () => {
  const csv = fixture('big.csv');
  const spec = fixture('bigdata.nn.json');
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Deleted through VS Code, so the session (and its worker) ends too.
    const edit = new vscode.WorkspaceEdit();
    for (const uri of [spec, csv]) edit.deleteFile(uri, { ignoreIfNotExists: true });
    await vscode.workspace.applyEdit(edit);
  });

  it('reads only the header while the user types; the cells are checked in a worker, their problems located', async function () {
    // Loading 10 MB of CSV in the worker takes seconds on a busy machine: a guard against a hang, not a speed bound.
    this.timeout(180_000);
    const { api } = await activeExtension();
    const { text, lastLine } = bigCsv(true);
    fs.writeFileSync(csv.fsPath, text);
    fs.writeFileSync(spec.fsPath, SPEC);
    const file = fs.realpathSync(csv.fsPath).replace(/\\/g, '/');
    const readsBefore = api.dataReads.length;
    const doc = await vscode.workspace.openTextDocument(spec);
    const editor = await vscode.window.showTextDocument(doc);
    const cellProblem = `data.csv "big.csv" line ${lastLine}, column "x3" (4): "oops" is not a number`;
    const found = await problemsWhere(spec, 'the worker-checked cell problem', (d) =>
      d.some((x) => x.message === cellProblem),
    );
    const cell = found.find((d) => d.message === cellProblem)!;
    assert.strictEqual(doc.getText(cell.range), '"big.csv"', "located on the spec's csv string");

    // Typing in the name, pausing now and then so the spec is checked again each time.
    const typed = api.dataReads.length;
    for (const word of [' is', ' big', ' indeed']) {
      const end = doc.positionAt(doc.getText().indexOf('Big data') + 'Big data'.length);
      await editor.edit((e) => e.insert(end, word));
      await new Promise((r) => setTimeout(r, 400));
    }
    await problemsWhere(spec, 'the cell problem after typing', (d) => d.some((x) => x.message === cellProblem));
    assert.strictEqual(hostBytes(api, file, typed), 0, 'typing reads nothing again: the header is cached');
    const read = hostBytes(api, file, readsBefore);
    assert.ok(read > HEADER.length && read <= 4096, `the host read ${read} bytes of ${text.length}`);

    // Training waits for the check and refuses the spec its cells make invalid.
    const errors = api.errors.length;
    await vscode.commands.executeCommand('backprop.train', spec);
    assert.match(api.errors.slice(errors).join('\n'), /bigdata\.nn\.json has errors; fix them \(see Problems\)/);
    assert.strictEqual(api.sessionFor(spec), undefined, 'no session was started');

    // A fixed file (a new modification time) is checked again when training starts, the spec unsaved and unchanged,
    // and then it trains.
    const fixedRead = api.dataReads.length;
    fs.writeFileSync(csv.fsPath, bigCsv(false).text);
    await vscode.commands.executeCommand('backprop.step', spec);
    await api.whenStatus(spec, 'paused', 120_000);
    assert.deepStrictEqual(
      vscode.languages.getDiagnostics(spec).filter((d) => d.source === 'backprop'),
      [],
      'no problems once the file is fixed',
    );
    const reread = hostBytes(api, file, fixedRead);
    assert.ok(reread > 0 && reread <= 4096, `the changed file's header was read again (${reread} bytes)`);
    // Saved so the suite's end closes a clean editor (a dirty one would wait on a save prompt).
    await doc.save();
  });

  it('shows the background data check of a large file in the window progress; an edit supersedes it', async function () {
    this.timeout(300_000);
    const { api } = await activeExtension();
    const huge = fixture('huge.csv');
    const hugeSpec = fixture('huge.nn.json');
    // About 100 MB: its check reads it for seconds even on a fast machine, long enough to edit the spec meanwhile.
    const fd = fs.openSync(huge.fsPath, 'w');
    try {
      fs.writeSync(fd, `${HEADER}\n`);
      const chunk = bigCsv(false).text.slice(HEADER.length + 1);
      for (let size = 0; size < 100_000_000; size += chunk.length) fs.writeSync(fd, chunk);
    } finally {
      fs.closeSync(fd);
    }
    const columns = JSON.stringify(Array.from({ length: COLUMNS }, (_, i) => `x${i}`));
    fs.writeFileSync(
      hugeSpec.fsPath,
      SPEC.replace('"Big data"', '"Huge data"').replace(
        /"data": .*/,
        `"data": { "inputs": { "file": "huge.csv", "columns": ${columns}, "scale": 1 }, ` +
          `"targets": { "file": "huge.csv", "columns": ["y"] } }`,
      ),
    );
    const events = api.dataChecks.length;
    const key = hugeSpec.toString();
    const mine = () => api.dataChecks.slice(events).filter((e) => e.spec === key);
    try {
      const doc = await vscode.workspace.openTextDocument(hugeSpec);
      const editor = await vscode.window.showTextDocument(doc);
      const first = await waitFor(() => mine().find((e) => e.text !== undefined), {
        what: 'the first check to show progress',
        timeoutMs: 120_000,
        intervalMs: 10,
      });
      assert.match(first.text!, /^huge\.csv: \d{1,2}% \(\d+ of 1\d\d MB\)$/, 'file, percent and bytes');
      // A data-relevant edit (the scale) while it runs: that check stops, and the new text's check runs to its end.
      const at = doc.getText().indexOf('"scale": 1') + '"scale": 1'.length;
      await editor.edit((e) => e.insert(doc.positionAt(at), '0'));
      const ended = await waitFor(
        () => {
          const ends = mine().filter((e) => e.outcome !== undefined);
          return ends.length >= 2 ? ends : undefined;
        },
        { what: 'both checks to end', timeoutMs: 240_000 },
      );
      assert.deepStrictEqual(
        ended.map((e) => [e.requestId === first.requestId, e.outcome]),
        [
          [true, 'superseded'],
          [false, 'checked'],
        ],
      );
      const second = mine().filter((e) => e.requestId === ended[1].requestId && e.text !== undefined);
      assert.ok(second.length > 0, 'the second check showed its progress too');
      assert.deepStrictEqual(
        vscode.languages.getDiagnostics(hugeSpec).filter((d) => d.source === 'backprop'),
        [],
        'the file is sound',
      );
      await doc.save();
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const edit = new vscode.WorkspaceEdit();
      for (const uri of [hugeSpec, huge]) edit.deleteFile(uri, { ignoreIfNotExists: true });
      await vscode.workspace.applyEdit(edit);
    }
  });
});
