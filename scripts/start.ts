// `npm start`: opens examples/ in a real VS Code with the freshly built extension — desktop VS Code if `code` exists,
// else code-server.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { startCodeServer } from './codeServer';
import { EXAMPLES_DIR, ROOT } from './paths';
import { cleanupOnSignals } from './processGroup';
import { ensureTestHost } from './testHost';

/** The `code` launcher on PATH, if desktop VS Code is installed. */
function findCodeCommand(): string | undefined {
  const names = process.platform === 'win32' ? ['code.cmd', 'code.exe'] : ['code'];
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** An Extension Development Host window on examples/; the `code` launcher returns once the window is open. */
function startDesktop(code: string): Promise<number> {
  console.log('Opening examples/ in an Extension Development Host window…');
  const child = spawn(code, [`--extensionDevelopmentPath=${ROOT}`, EXAMPLES_DIR], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  return new Promise((resolve) => child.on('close', (status) => resolve(status ?? 1)));
}

/** code-server on a free 127.0.0.1 port, loading the extension from this checkout; runs until Ctrl+C. */
async function startWeb(): Promise<number> {
  const host = await ensureTestHost();
  const server = await startCodeServer(host, EXAMPLES_DIR);
  let stopping = false;
  cleanupOnSignals(() => {
    stopping = true;
    return server.stop();
  });
  const url = server.workbenchUrl(EXAMPLES_DIR, [['extensionDevelopmentPath', server.remoteUri(ROOT)]]);
  console.log(
    `\nBackprop Studio is running in code-server, on this machine only:\n\n  ${url}\n\nPress Ctrl+C to stop.`,
  );
  await server.exited;
  if (stopping) return new Promise<number>(() => undefined); // the signal handler exits once the group is gone
  console.error('code-server exited unexpectedly:\n' + server.output().slice(-4000));
  await server.stop();
  return 1;
}

const code = findCodeCommand();
(code ? startDesktop(code) : startWeb()).then(
  (status) => process.exit(status),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
