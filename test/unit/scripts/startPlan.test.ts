// `npm start`'s decision on each desktop: desktop VS Code when its launcher is found, code-server only on Linux and
// only when already installed, otherwise what to install; never an install of its own.
import * as assert from 'assert';
import { planStart, type StartEnvironment } from '../../../scripts/startPlan';

const CODE_SERVER = '/repo/.vscode-test/code-server-4.100.3/node_modules/code-server/out/node/entry.js';

/** A machine where exactly `files` exist. */
function machine(
  platform: NodeJS.Platform,
  env: StartEnvironment['env'],
  files: string[],
  codeServerEntry?: string,
): StartEnvironment {
  const present = new Set(files);
  return { platform, env, exists: (f) => present.has(f), codeServerEntry };
}

describe('scripts/startPlan', () => {
  it('uses a `code` on PATH, the first in PATH order, on every platform', () => {
    const linux = machine('linux', { PATH: '/usr/local/bin:/opt/vscode/bin:/usr/bin' }, [
      '/opt/vscode/bin/code',
      '/usr/bin/code',
    ]);
    assert.deepStrictEqual(planStart(linux), { kind: 'desktop', code: '/opt/vscode/bin/code' });
    const mac = machine('darwin', { PATH: '/usr/bin:/usr/local/bin' }, ['/usr/local/bin/code']);
    assert.deepStrictEqual(planStart(mac), { kind: 'desktop', code: '/usr/local/bin/code' });
    const windowsBin = 'C:\\Users\\ada\\AppData\\Local\\Programs\\Microsoft VS Code\\bin';
    const windows = machine('win32', { Path: `C:\\Windows;${windowsBin}` }, [`${windowsBin}\\code.cmd`]);
    assert.deepStrictEqual(planStart(windows), { kind: 'desktop', code: `${windowsBin}\\code.cmd` });
  });

  it('prefers desktop VS Code to an installed code-server', () => {
    const linux = machine('linux', { PATH: '/usr/bin' }, ['/usr/bin/code'], CODE_SERVER);
    assert.deepStrictEqual(planStart(linux), { kind: 'desktop', code: '/usr/bin/code' });
  });

  it('finds VS Code where its installers put it when `code` is not on PATH', () => {
    const app = '/Applications/Visual Studio Code.app/Contents/Resources/app/bin/code';
    assert.deepStrictEqual(planStart(machine('darwin', { PATH: '/usr/bin', HOME: '/Users/ada' }, [app])), {
      kind: 'desktop',
      code: app,
    });
    const userApp = '/Users/ada/Applications/Visual Studio Code.app/Contents/Resources/app/bin/code';
    assert.strictEqual(planStart(machine('darwin', { HOME: '/Users/ada' }, [userApp])).kind, 'desktop');
    const user = 'C:\\Users\\ada\\AppData\\Local\\Programs\\Microsoft VS Code\\bin\\code.cmd';
    const env = {
      Path: 'C:\\Windows',
      LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local',
      ProgramFiles: 'C:\\Program Files',
    };
    assert.deepStrictEqual(planStart(machine('win32', env, [user])), { kind: 'desktop', code: user });
    const system = 'C:\\Program Files\\Microsoft VS Code\\bin\\code.cmd';
    assert.deepStrictEqual(planStart(machine('win32', env, [system])), { kind: 'desktop', code: system });
    assert.deepStrictEqual(planStart(machine('linux', {}, ['/snap/bin/code'])), {
      kind: 'desktop',
      code: '/snap/bin/code',
    });
  });

  it("ignores the shell script beside Windows' code.cmd, and empty PATH entries", () => {
    const bin = 'C:\\VS Code\\bin';
    assert.strictEqual(planStart(machine('win32', { PATH: `;${bin};` }, [`${bin}\\code`])).kind, 'explain');
    assert.strictEqual(planStart(machine('linux', { PATH: '::' }, ['code'])).kind, 'explain');
  });

  it('uses code-server on Linux only, and only when it is already installed', () => {
    assert.deepStrictEqual(planStart(machine('linux', { PATH: '/usr/bin' }, [], CODE_SERVER)), {
      kind: 'code-server',
      entry: CODE_SERVER,
    });
    for (const platform of ['darwin', 'win32'] as const)
      assert.strictEqual(planStart(machine(platform, { PATH: '/usr/bin' }, [], CODE_SERVER)).kind, 'explain', platform);
  });

  it('otherwise says how to get VS Code on this platform, and runs or suggests no apt-get or browser download', () => {
    const explain = (platform: NodeJS.Platform): string => {
      const plan = planStart(machine(platform, { PATH: '/usr/bin' }, []));
      assert.strictEqual(plan.kind, 'explain');
      return plan.message;
    };
    assert.match(explain('darwin'), /Shell Command: Install 'code' command in PATH/);
    assert.match(explain('win32'), /Add to PATH/);
    const linux = explain('linux');
    assert.match(linux, /code\.visualstudio\.com\/download/);
    assert.match(linux, /npm run test:host/);
    for (const platform of ['linux', 'darwin', 'win32'] as const)
      assert.doesNotMatch(explain(platform), /^\s*sudo |apt-get|npx playwright/m, platform);
  });
});
