// Shared test helpers for spec/: an in-memory SpecHost, and finding problems by message.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseSpec } from '../../../src/netspec';
import type { ParseResult, Problem, SpecHost } from '../../../src/netspec';

/** A SpecHost over a map of absolute paths to contents; `links` maps a path to its resolved target. */
export function memoryHost(
  files: Record<string, string>,
  specPath = '/ws/net.nn.json',
  links: Record<string, string> = {},
): SpecHost {
  return {
    specPath,
    readFile: (p) => files[p],
    realpath: (p) => links[p] ?? (p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)) ? p : undefined),
  };
}

export const host = memoryHost({});

/**
 * A header-only SpecHost (as the editor's) over a map of absolute paths to contents; each read is pushed to `reads`
 * as [path, offset, bytes returned].
 */
export function headerHost(
  files: Record<string, string>,
  reads: [string, number, number][] = [],
  specPath = '/ws/net.nn.json',
): SpecHost {
  const bytes = new Map(Object.entries(files).map(([p, text]) => [p, new TextEncoder().encode(text)]));
  return {
    specPath,
    readBytes: (p, offset, length) => {
      const file = bytes.get(p);
      if (!file) return undefined;
      const slice = file.subarray(offset, offset + length);
      reads.push([p, offset, slice.length]);
      return slice;
    },
    fileSize: (p) => bytes.get(p)?.length,
    realpath: (p) => (bytes.has(p) ? p : undefined),
  };
}

/** A SpecHost over the real file system, as the Node front ends build it. */
export function diskHost(specPath: string): SpecHost {
  return {
    specPath,
    readFile: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
    realpath: (p) => (fs.existsSync(p) ? fs.realpathSync(p) : undefined),
  };
}

export function parse(text: string, h: SpecHost = host, maxNumbers?: number): ParseResult {
  return parseSpec(text, h, maxNumbers === undefined ? {} : { maxNumbers });
}

/** The single problem whose message includes `fragment`. */
export function problem(result: ParseResult, fragment: string): Problem {
  const found = result.problems.filter((p) => p.message.includes(fragment));
  assert.equal(
    found.length,
    1,
    `expected one problem with "${fragment}", got:\n${result.problems.map((p) => p.message).join('\n')}`,
  );
  return found[0];
}

/** The text a problem's range covers. */
export function rangeText(text: string, p: { offset: number; length: number }): string {
  return text.slice(p.offset, p.offset + p.length);
}

export function errors(result: ParseResult): Problem[] {
  return result.problems.filter((p) => p.severity === 'error');
}

/** A small valid spec, as text, with `patch` merged over its top-level fields. */
export function specText(patch: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      input: 2,
      layers: [
        { units: 3, activation: 'tanh' },
        { units: 1, activation: 'sigmoid' },
      ],
      loss: 'binary-cross-entropy',
      data: {
        inputs: [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ],
        targets: [[0], [1], [1], [0]],
      },
      ...patch,
    },
    null,
    2,
  );
}
