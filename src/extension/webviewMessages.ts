// Checks what a webview posts before the host uses it: the webview is untrusted input.
import type { FromWebview } from '../protocol';

/** The message as a FromWebview, or undefined when it is not one (wrong shape or unknown type). */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const type = (raw as { type?: unknown }).type;
  if (type === 'ui/ready') return { type };
  return undefined;
}
