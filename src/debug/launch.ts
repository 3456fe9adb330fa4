// A launch configuration turned into the worker's start request, and the line the Debug Console opens with.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugRequest, DebugStartInfo } from '../protocol';

/** The launch configuration's fields (package.json's debuggers contribution describes them to the user). */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The spec to train, an absolute path. */
  spec: string;
  stopOnEntry?: boolean;
  precision?: 'float32' | 'float64';
  /** Steps Continue trains at most (default: the spec's epochs). */
  maxSteps?: number;
  /** Memory the Step Back ring may hold, in MiB (default 256). */
  stepBackMemoryMb?: number;
}

/** The spec a configuration names; a hand-written launch.json may leave it out. */
export function specOf(args: LaunchArguments): string {
  if (typeof args.spec !== 'string' || !args.spec) throw new Error('the launch configuration names no "spec"');
  return args.spec;
}

/** The worker's start request for `args`, given the spec's text and the folder its data files must stay in. */
export function startRequest(
  args: LaunchArguments,
  text: string,
  allowedRoot: string | undefined,
): Extract<DebugRequest, { type: 'debug/start' }> {
  return {
    type: 'debug/start',
    source: { text, specPath: args.spec, allowedRoot, precision: args.precision },
    maxSteps: args.maxSteps,
    ringBudgetBytes: args.stepBackMemoryMb ? args.stepBackMemoryMb * 1024 * 1024 : undefined,
  };
}

/** What the session debugs and how far Step Back reaches, so the user knows the ring's limit before hitting it. */
export function launchSummary(info: DebugStartInfo): string {
  const ring = info.ring;
  return (
    `Debugging ${info.name}: ${info.layers.length} layers, ${info.totalSteps} steps; Step Back reaches ` +
    `${ring.depth} steps (${Math.round(ring.budgetBytes / 2 ** 20)} MiB at most)\n`
  );
}
