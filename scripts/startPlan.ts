// What `npm start` does on this machine, decided from the platform, PATH and what is installed; pure, so every
// platform's decision is tested on any of them.
import * as path from 'path';

/** What the decision looks at; `exists` answers for paths on the machine being planned for. */
export interface StartEnvironment {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  exists: (file: string) => boolean;
  /** code-server's entry point, when a UI test run installed it under .vscode-test/. */
  codeServerEntry: string | undefined;
}

export type StartPlan =
  /** An Extension Development Host window of desktop VS Code on examples/. */
  | { kind: 'desktop'; code: string }
  /** The extension in the installed code-server, on a 127.0.0.1 URL to open in any browser (Linux only). */
  | { kind: 'code-server'; entry: string }
  /** Nothing to open it with: what to install, said for this platform. */
  | { kind: 'explain'; message: string };

/** Where VS Code's installers put the `code` launcher when it is not on PATH (or PATH was not refreshed). */
function knownLaunchers(platform: NodeJS.Platform, env: StartEnvironment['env']): string[] {
  if (platform === 'darwin') {
    const app = 'Visual Studio Code.app/Contents/Resources/app/bin/code';
    return [`/Applications/${app}`, ...(env['HOME'] ? [path.posix.join(env['HOME'], 'Applications', app)] : [])];
  }
  if (platform === 'win32') {
    const bin = path.win32.join('Microsoft VS Code', 'bin', 'code.cmd');
    return [
      ...(env['LOCALAPPDATA'] ? [path.win32.join(env['LOCALAPPDATA'], 'Programs', bin)] : []),
      ...(env['ProgramFiles'] ? [path.win32.join(env['ProgramFiles'], bin)] : []),
    ];
  }
  return ['/usr/share/code/bin/code', '/snap/bin/code'];
}

/** The `code` launcher on PATH, else at an installer's usual place. */
export function findCode({ platform, env, exists }: StartEnvironment): string | undefined {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  // NOTE: on Windows the launcher is code.cmd (bin/code beside it is a shell script for WSL and Git Bash).
  const name = platform === 'win32' ? 'code.cmd' : 'code';
  const pathVar = platform === 'win32' ? (env['Path'] ?? env['PATH']) : env['PATH'];
  const onPath = (pathVar ?? '')
    .split(paths.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => paths.join(dir, name));
  return [...onPath, ...knownLaunchers(platform, env)].find(exists);
}

const DOWNLOAD = 'https://code.visualstudio.com/download';

/** How to get a `code` launcher, in this platform's words. */
function howToGetCode(platform: NodeJS.Platform): string {
  if (platform === 'darwin')
    return (
      `Install VS Code (${DOWNLOAD}), open it, run "Shell Command: Install 'code' command in PATH" from its ` +
      'Command Palette, then run `npm start` again in a new terminal.'
    );
  if (platform === 'win32')
    return (
      `Install VS Code (${DOWNLOAD}; keep the installer's "Add to PATH" option), then run \`npm start\` again in a ` +
      'new terminal.'
    );
  return (
    `Install VS Code (${DOWNLOAD}: the .deb, .rpm and snap packages put \`code\` on PATH), then run \`npm start\` ` +
    'again. Or, to use VS Code in a browser, run `npm run test:host` once: it installs code-server into ' +
    '.vscode-test/ (with the Debian packages the UI tests need, so it asks for sudo when they are missing), and ' +
    '`npm start` then serves the extension there and prints the address to open.'
  );
}

export function planStart(environment: StartEnvironment): StartPlan {
  const code = findCode(environment);
  if (code) return { kind: 'desktop', code };
  if (environment.platform === 'linux' && environment.codeServerEntry)
    return { kind: 'code-server', entry: environment.codeServerEntry };
  return {
    kind: 'explain',
    message: `No desktop VS Code found (no \`code\` command on PATH). ${howToGetCode(environment.platform)}`,
  };
}
