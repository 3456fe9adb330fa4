// `npm start`: opens examples/ with the freshly built extension in desktop VS Code when there is one; on Linux without
// it, in an already installed code-server (the address is printed: any browser will do); otherwise says how to get VS
// Code. It never installs anything and never needs root.
import { spawn } from 'child_process';
import * as fs from 'fs';
import { startCodeServer } from './codeServer';
import { EXAMPLES_DIR, ROOT } from './paths';
import { cleanupOnSignals } from './processGroup';
import { planStart, type StartPlan } from './startPlan';
import { installedCodeServer } from './testHost';

/** An Extension Development Host window on examples/; the `code` launcher returns once the window is open. */
function startDesktop(code: string): Promise<number> {
  console.log(`Opening examples/ in an Extension Development Host window (${code})…`);
  const child = spawn(code, [`--extensionDevelopmentPath=${ROOT}`, EXAMPLES_DIR], {
    stdio: 'inherit',
    // NOTE: code.cmd is a batch file, which Windows runs only through a shell.
    shell: process.platform === 'win32',
  });
  return new Promise((resolve) => child.on('close', (status) => resolve(status ?? 1)));
}

/** code-server on a free 127.0.0.1 port, loading the extension from this checkout; runs until Ctrl+C. */
async function startWeb(codeServerEntry: string): Promise<number> {
  const server = await startCodeServer({ codeServerEntry }, EXAMPLES_DIR);
  let stopping = false;
  cleanupOnSignals(() => {
    stopping = true;
    return server.stop();
  });
  const url = server.workbenchUrl(EXAMPLES_DIR, [['extensionDevelopmentPath', server.remoteUri(ROOT)]]);
  console.log(
    `\nNo desktop VS Code found; Backprop Studio is running in code-server, on this machine only. Open this in a ` +
      `browser:\n\n  ${url}\n\nPress Ctrl+C to stop.`,
  );
  await server.exited;
  if (stopping) return new Promise<number>(() => undefined); // the signal handler exits once the group is gone
  console.error('code-server exited unexpectedly:\n' + server.output().slice(-4000));
  await server.stop();
  return 1;
}

function run(plan: StartPlan): Promise<number> {
  switch (plan.kind) {
    case 'desktop':
      return startDesktop(plan.code);
    case 'code-server':
      return startWeb(plan.entry);
    case 'explain':
      console.error(plan.message);
      return Promise.resolve(1);
  }
}

const plan = planStart({
  platform: process.platform,
  env: process.env,
  exists: (file) => fs.existsSync(file),
  codeServerEntry: installedCodeServer(),
});
run(plan).then(
  (status) => process.exit(status),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
