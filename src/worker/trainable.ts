// A spec text parsed into something a worker can train, or the one message saying why it cannot be.
import type { Dataset } from '../engine';
import { parseSpec, type Spec } from '../netspec';
import { nodeSpecHost } from '../node/specFiles';
import type { Result, SessionSource } from '../protocol';

export function trainableSpec(source: SessionSource): Result<Spec & { data: Dataset }> {
  const { spec, problems } = parseSpec(source.text, nodeSpecHost(source.specPath, source.allowedRoot));
  if (!spec) {
    const first = problems.find((p) => p.severity === 'error');
    return { ok: false, error: `The spec has errors${first ? `; the first: ${first.message}` : ''}` };
  }
  if (!spec.data) return { ok: false, error: 'The spec has no "data", so there is nothing to train on.' };
  return { ok: true, value: { ...spec, data: spec.data } };
}
