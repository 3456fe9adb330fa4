// How much weight data may flow to panels and stay in the message log: large networks send less often, never block.
// Pure.

/**
 * Bytes of snapshot pictures per second a panel is sent at most: a large network's snapshots come less often. Small,
 * because code-server compresses everything the host sends a webview on the host's own thread (~20 ms per MB here).
 */
export const SNAPSHOT_BYTES_PER_SECOND = 1024 * 1024;

/** Typed-array bytes the message log keeps: little, because whatever it keeps the host's garbage collector walks. */
export const KEPT_BYTES = 4 * 1024 * 1024;

/** Milliseconds between two panel messages of a kind: the update rate, and for snapshots also the byte budget. */
export function streamIntervalMs(key: string, updateRate: number, snapshotBytes: number): number {
  const base = 1000 / Math.max(updateRate, 0.1);
  if (key !== 'session/snapshot') return base;
  return Math.max(base, (snapshotBytes / SNAPSHOT_BYTES_PER_SECOND) * 1000);
}

/** Bytes of the typed arrays a message holds (messages nest them at most a few levels deep). */
export function typedBytes(value: unknown, depth = 4): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (depth === 0 || typeof value !== 'object' || value === null) return 0;
  let sum = 0;
  for (const v of Object.values(value)) sum += typedBytes(v, depth - 1);
  return sum;
}
