// Starts and stops code-server (VS Code's server + web workbench) on a free loopback port, in a scratch profile.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { freePort } from './ports';
import { stopProcess, stopProcessGroup } from './processGroup';
import { runCommand } from './run';
import type { TestHost } from './testHost';
import { waitFor } from './wait';

/** What starting code-server needs of the test host (`npm start` has no browser to give). */
export type CodeServerHost = Pick<TestHost, 'codeServerEntry'>;

export interface CodeServerOptions {
  /** Installed into the fresh extensions folder before the server starts. */
  vsix?: string;
  /** Added to the server's environment, which the extension host inherits. */
  env?: NodeJS.ProcessEnv;
  /**
   * Started in this process's session instead of one of its own, as a desktop VS Code's processes share the user's
   * session (Linux's autogroup scheduler shares the CPU between sessions before nice values count): `stop()` then
   * signals the server alone, and whoever made the session ends what it leaves.
   */
  inThisSession?: boolean;
}

/**
 * A running code-server; `stop()` ends its process group (or, started in this session, the server) and removes its
 * scratch folder.
 */
export interface CodeServer {
  readonly port: number;
  /** `127.0.0.1:PORT`, the authority every `vscode-remote://` URI must use. */
  readonly authority: string;
  /** The server's stdout and stderr so far. */
  output(): string;
  /** Settles when the server process exits, whoever stopped it. */
  readonly exited: Promise<void>;
  /** The workbench URL opening `folder`, with an optional test-electron style payload. */
  workbenchUrl(folder: string, payload?: [string, string][]): string;
  /** `vscode-remote://127.0.0.1:PORT/abs/path` for a path on this machine. */
  remoteUri(absPath: string): string;
  /** Copies the server's logs (extension host included) and output into `dir`. */
  saveLogs(dir: string): void;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;
const START_ATTEMPTS = 3;
/** Quiet, offline-friendly defaults for a throwaway profile. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  // code-server's extension host scans /proc for listening ports every few seconds (exec of `ls -l /proc/*/fd/*`,
  // every process's cmdline read): 100 ms stalls of the host that a desktop VS Code's local host never has.
  'remote.autoForwardPorts': false,
};

function healthy(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? true : undefined);
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
  });
}

/** Common flags; HOME is redirected too because code-server writes logs and a heartbeat under it regardless. */
function baseArgs(scratch: string): string[] {
  const config = path.join(scratch, 'config.yaml');
  fs.writeFileSync(config, '');
  return [
    '--config',
    config,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir',
    path.join(scratch, 'user-data'),
    '--extensions-dir',
    path.join(scratch, 'extensions'),
  ];
}

function prepareScratch(): { scratch: string; env: NodeJS.ProcessEnv } {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-code-server-'));
  const settingsDir = path.join(scratch, 'user-data', 'User');
  fs.mkdirSync(settingsDir, { recursive: true });
  fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  fs.mkdirSync(path.join(scratch, 'home'));
  return { scratch, env: { HOME: path.join(scratch, 'home'), XDG_CONFIG_HOME: path.join(scratch, 'home', '.config') } };
}

/** One try at listening on a fresh port; undefined when the server died first (e.g. the port was taken meanwhile). */
async function launch(
  host: CodeServerHost,
  args: string[],
  env: NodeJS.ProcessEnv,
  workspace: string,
  detached: boolean,
): Promise<Launched | undefined> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [host.codeServerEntry, ...args, '--bind-addr', `127.0.0.1:${port}`, workspace],
    {
      env,
      detached,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let exited = false;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitedPromise = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const up = await waitFor(async () => (exited ? false : await healthy(port)), {
    what: `code-server /healthz on port ${port}`,
    timeoutMs: STARTUP_TIMEOUT_MS,
    intervalMs: 200,
  }).catch(async (err: unknown) => {
    if (child.pid !== undefined) await stop(child.pid, detached, exitedPromise);
    throw new Error(`${String(err)}\n${output}`);
  });
  return up ? { port, pid: child.pid!, detached, exited: exitedPromise, output: () => output } : undefined;
}

/** Ends the server: its whole process group when it has one, else the server alone. */
function stop(pid: number, group: boolean, exited: Promise<void>): Promise<void> {
  return group ? stopProcessGroup(pid) : stopProcess(pid, exited);
}

/** Starts code-server on `workspace` with a fresh profile, optionally with a vsix installed. */
export async function startCodeServer(
  host: CodeServerHost,
  workspace: string,
  options: CodeServerOptions = {},
): Promise<CodeServer> {
  const { scratch, env: profileEnv } = prepareScratch();
  const env = { ...process.env, ...options.env, ...profileEnv };
  const args = baseArgs(scratch);
  try {
    if (options.vsix) {
      await runCommand(process.execPath, [host.codeServerEntry, ...args, '--install-extension', options.vsix], {
        env,
        timeoutMs: 120_000,
        quiet: true,
      });
    }
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      const started = await launch(host, args, env, workspace, !options.inThisSession);
      if (started) return handle(scratch, started);
    }
    throw new Error(`code-server did not start after ${START_ATTEMPTS} attempts`);
  } catch (err) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
}

interface Launched {
  port: number;
  pid: number;
  /** In a session and process group of its own. */
  detached: boolean;
  exited: Promise<void>;
  output: () => string;
}

function handle(scratch: string, { port, pid, detached, exited, output }: Launched): CodeServer {
  const authority = `127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    port,
    authority,
    output,
    exited,
    workbenchUrl(folder, payload) {
      const query =
        `folder=${encodeURIComponent(folder)}` +
        (payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
      return `http://${authority}/?${query}`;
    },
    remoteUri: (absPath) => `vscode-remote://${authority}${absPath}`,
    saveLogs(dir) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'code-server.log'), output());
      const logs = path.join(scratch, 'user-data', 'logs');
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dir, 'logs'), { recursive: true });
    },
    stop() {
      stopped ??= stop(pid, detached, exited).then(() => fs.rmSync(scratch, { recursive: true, force: true }));
      return stopped;
    },
  };
}
