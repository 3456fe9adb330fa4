// The installed vsix: activation, manifest and the files the extension needs at run time.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activeExtension } from './helpers';

describe('packaged extension', () => {
  it('activates from the installed vsix and returns its API', async () => {
    const { extension, api } = await activeExtension();
    assert.strictEqual(extension.isActive, true);
    // Only because the runner asked for it: the installed vsix runs in Production mode, which has no test API.
    assert.strictEqual(process.env['BACKPROP_TEST_API'], '1');
    assert.strictEqual(typeof api.messageCount, 'number');
    // A development checkout has its tsconfig; the packaged extension must not.
    assert.ok(
      !fs.existsSync(path.join(extension.extensionPath, 'tsconfig.json')),
      `${extension.extensionPath} is not the installed vsix`,
    );
  });

  it('ships every bundle and asset it loads, and no sources', async () => {
    const { extension } = await activeExtension();
    const main = String(extension.packageJSON.main);
    const bundles = [
      'dist/worker.js',
      'dist/schemaService.js',
      'dist/interop.js',
      'dist/debugSession.js',
      'dist/webview.js',
    ];
    const shipped = [main, ...bundles, 'media/panel.css'];
    for (const rel of [...shipped, 'syntaxes/nn-json.tmLanguage.json', 'language-configuration.json']) {
      assert.ok(fs.existsSync(path.join(extension.extensionPath, rel)), `the vsix lacks ${rel}`);
    }
    for (const rel of ['src', 'test', 'out', 'node_modules', '.vscode-test']) {
      assert.ok(!fs.existsSync(path.join(extension.extensionPath, rel)), `the vsix should not contain ${rel}/`);
    }
  });

  it('registers its commands', async () => {
    await activeExtension();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['backprop.openSpec', 'backprop.showPanel'])
      assert.ok(commands.includes(id), `${id} is not registered`);
  });
});
