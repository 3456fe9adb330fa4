// Runs a child command to completion with inherited output, a timeout, and the whole process group killed on timeout.
import { spawn, type SpawnOptions } from 'child_process';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Keep output off the terminal (it is still returned). */
  quiet?: boolean;
}

/** Runs `command args…`; resolves with its output, rejects on a non-zero exit, a signal or the timeout. */
export function runCommand(command: string, args: string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const spawnOptions: SpawnOptions = {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true, // its own process group, so a timeout kills grandchildren too
      stdio: ['ignore', 'pipe', 'pipe'],
    };
    const child = spawn(command, args, spawnOptions);
    let output = '';
    const collect = (chunk: Buffer, stream: NodeJS.WriteStream): void => {
      output += chunk.toString();
      if (!options.quiet) stream.write(chunk);
    };
    child.stdout?.on('data', (chunk: Buffer) => collect(chunk, process.stdout));
    child.stderr?.on('data', (chunk: Buffer) => collect(chunk, process.stderr));
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group ended between the timeout and the kill: nothing left to stop.
      }
      reject(new Error(`Timed out after ${options.timeoutMs} ms: ${command} ${args.join(' ')}`));
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})\n${options.quiet ? output.slice(-4000) : ''}`,
          ),
        );
    });
  });
}
