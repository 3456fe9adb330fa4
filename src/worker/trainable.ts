// A spec text parsed into something a worker can train, or the one message saying why it cannot be.
import type { Dataset } from '../engine';
import { LoadCancelled, parseSpec, type LoadMonitor, type Spec } from '../netspec';
import { nodeSpecHost } from '../node/specFiles';
import type { Result, SessionSource } from '../protocol';

/** `monitor` hears the data files' loading progress and may cancel it between chunks. */
export function trainableSpec(source: SessionSource, monitor?: LoadMonitor): Result<Spec & { data: Dataset }> {
  const host = { ...nodeSpecHost(source.specPath, source.allowedRoot), monitor };
  let parsed: ReturnType<typeof parseSpec>;
  try {
    parsed = parseSpec(source.text, host, { maxNumbers: source.maxNumbers });
  } catch (e) {
    if (!(e instanceof LoadCancelled)) throw e;
    return { ok: false, error: `Cancelled: ${e.message}.` };
  }
  const { spec, problems } = parsed;
  if (!spec) {
    const first = problems.find((p) => p.severity === 'error');
    return { ok: false, error: `The spec has errors${first ? `; the first: ${first.message}` : ''}` };
  }
  if (!spec.data) return { ok: false, error: 'The spec has no "data", so there is nothing to train on.' };
  return { ok: true, value: { ...spec, data: spec.data } };
}
