// A debug session's start info for the adapter's pure pieces: two layers whose objects span known lines.
import type { DebugStartInfo } from '../../../src/protocol';

/** hidden spans lines 5–12, output 13–19; loss on line 21, optimizer on 22, training on 23; four steps an epoch. */
export function startInfo(): DebugStartInfo {
  return {
    name: 'two layers',
    layers: [
      {
        name: 'hidden',
        units: 3,
        fanIn: 2,
        activation: 'tanh',
        range: { line: 5, column: 5, endLine: 12, endColumn: 6 },
      },
      {
        name: 'output',
        units: 1,
        fanIn: 3,
        activation: 'sigmoid',
        range: { line: 13, column: 5, endLine: 19, endColumn: 6 },
      },
    ],
    lines: { loss: 21, optimizer: 22, training: 23 },
    stepsPerEpoch: 4,
    totalSteps: 40,
    ring: { depth: 120, budgetBytes: 256 * 2 ** 20, bytesPerState: 1000, interval: 1 },
  };
}
