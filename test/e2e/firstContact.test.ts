// UI tests: a new user's first contact in the editor — what activates the extension, what the Problems panel lists,
// the schema's help while typing, the first Train, and command titles that rank themselves first in the palette.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseSpec } from '../../src/netspec';
import { nodeSpecHost } from '../../src/node/specFiles';
import { ROOT } from '../../scripts/paths';
import { waitFor } from '../../scripts/wait';
import type { CodeServer } from '../../scripts/codeServer';
import { useWorkbench } from './fixture';
import { screenshot } from './screenshots';

const SPEC = 'xor.nn.json';
const PLAIN_JSON = 'not-a-spec.json';
const EXTENSION_ID = 'backprop-studio.backprop-studio';

/** Every activation event that started the extension, in order, from the extension host's log. */
function activations(server: CodeServer): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-logs-'));
  try {
    server.saveLogs(dir);
    const logs = (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.log'))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    const line = new RegExp(
      `_doActivateExtension ${EXTENSION_ID.replace('.', '\\.')}, startup: \\w+, activationEvent: '([^']+)'`,
      'g',
    );
    return [...logs.matchAll(line)].map((m) => m[1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What Backprop Studio itself finds in a spec of the workspace. */
function backpropProblems(workspace: string, name: string): number {
  const file = path.join(workspace, name);
  return parseSpec(fs.readFileSync(file, 'utf8'), nodeSpecHost(file)).problems.length;
}

/** Every command the extension contributes, as the palette shows it. */
function paletteTitles(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { commands: { title: string; category: string }[] };
  };
  return manifest.contributes.commands.map((c) => `${c.category}: ${c.title}`);
}

describe('First contact in the editor', function () {
  const fixture = useWorkbench(SPEC);

  before(() => {
    // A plain JSON file with a comment and a missing comma: VS Code's JSON server reports both.
    fs.writeFileSync(path.join(fixture.workspace, PLAIN_JSON), '{\n  // not a spec\n  "a": 1\n  "b": 2\n}\n');
    fs.copyFileSync(
      path.join(ROOT, 'test', 'extension', 'fixtures', 'workspace', 'slips.nn.json'),
      path.join(fixture.workspace, 'slips.nn.json'),
    );
  });

  it('activates on opening a spec, not on opening a plain JSON file', async () => {
    const { workbench, server } = fixture;
    await workbench.explorerRow(PLAIN_JSON).waitFor({ timeout: 20_000 });
    await workbench.openFromExplorer(PLAIN_JSON);
    await workbench.problems((groups) => [...groups.keys()].some((f) => f.includes(PLAIN_JSON)), 'the JSON file');
    assert.deepStrictEqual(activations(server), [], 'nothing activated the extension before a spec was opened');
    await workbench.openFromExplorer(SPEC);
    const events = await waitFor(() => (activations(server).length > 0 ? activations(server) : undefined), {
      what: 'the extension to activate',
      timeoutMs: 20_000,
    });
    assert.deepStrictEqual(events, ['onLanguage:nn-json']);
  });

  for (const name of ['broken.nn.json', 'slips.nn.json']) {
    it(`lists each problem of ${name} once, all from Backprop Studio`, async () => {
      const { workbench, workspace } = fixture;
      await workbench.openFromExplorer(name);
      const expected = backpropProblems(workspace, name);
      // The JSON file's rows prove VS Code's JSON server has run; a spec's rows from it would be listed by now too.
      const groups = await workbench.problems(
        (g) =>
          [...g].some(([file, rows]) => file.includes(PLAIN_JSON) && rows.length > 0) &&
          [...g].some(([file, rows]) => file.includes(name) && rows.length >= expected),
        `${expected} problems of ${name}`,
      );
      const rows = [...groups].find(([file]) => file.includes(name))?.[1] ?? [];
      assert.strictEqual(rows.length, expected, rows.join('\n'));
      assert.ok(
        rows.every((r) => r.includes('backprop')),
        rows.join('\n'),
      );
      if (name === 'broken.nn.json') await screenshot(workbench.page, 'problems', { docs: true });
    });
  }

  it('completes fields from the schema while typing, and documents them on hover', async () => {
    const { workbench } = fixture;
    await workbench.openFromExplorer(SPEC);
    const page = workbench.page;
    await page.locator('.editor-instance .view-line', { hasText: '"optimizer"' }).click();
    // The line ends `"learningRate": 2 },`: type a new key before the closing brace.
    await page.keyboard.press('End');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.type(', "');
    const offered = await workbench.suggestions('momentum');
    for (const key of ['beta1', 'beta2', 'epsilon']) assert.ok(offered.includes(key), offered.join(', '));
    await screenshot(page, 'completions');
    await page.keyboard.press('Escape');
    const line = '"optimizer": { "type": "sgd", "learningRate": 2 },';
    await waitFor(
      async () => {
        if ((await workbench.editorLines('"optimizer"'))[0]?.trim() === line) return true;
        await page.keyboard.press('Control+Z');
        return undefined;
      },
      { what: 'undo to restore the optimizer line', timeoutMs: 10_000, intervalMs: 200 },
    );
    const text = await workbench.hover('"epochs"', 'Passes over the training data');
    assert.match(text, /Passes over the training data/);
    await page.keyboard.press('Escape');
  });

  it('reveals the panel beside the spec on the first Train from the palette, and the loss falls', async () => {
    const { workbench } = fixture;
    await workbench.focusEditor(SPEC);
    await workbench.runCommand('Backprop: Train');
    const first = await workbench.readout((r) => Number.parseInt(r['step'] ?? '', 10) >= 1, 'a first step');
    await workbench.webviewText('.status-pill', (t) => t === 'done');
    const last = await workbench.readout((r) => Number.parseInt(r['step'] ?? '', 10) === 3000, 'the last step');
    assert.ok(Number(last['loss']) < Number(first['loss']), `the loss went from ${first['loss']} to ${last['loss']}`);
    // The spec keeps the focus: its tab is the active one of the focused editor group.
    await workbench.page
      .locator(`.editor-group-container.active .tabs-container .tab.active[aria-label^="${SPEC}"]`)
      .waitFor({ timeout: 10_000 });
    await screenshot(workbench.page, 'first-train');
  });

  it('puts each command first in the palette when its full title is typed, whatever was run before', async () => {
    const { workbench } = fixture;
    await workbench.focusEditor(SPEC);
    // A command run recently would rank above the typed one if its title matched too.
    await workbench.runCommand('Backprop: Show Panel');
    for (const title of paletteTitles()) {
      await workbench.focusEditor(SPEC);
      const rows = await workbench.typeInPalette(title);
      assert.strictEqual(rows[0]?.label, title, `"${title}" is not the first row: ${JSON.stringify(rows)}`);
      const matching = rows.filter((r) => r.matched && r.label.startsWith('Backprop:')).map((r) => r.label);
      assert.deepStrictEqual(matching, [title], `typing "${title}" also matches other commands`);
      await workbench.page.keyboard.press('Escape');
    }
  });
});
