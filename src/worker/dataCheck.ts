// The editor's data check, run in a worker so the extension host never parses a data set: the spec's data files loaded
// whole, reported as what a header-only reading of the same text does not show.
import { LoadCancelled, parseSpec, type LoadMonitor, type Problem } from '../netspec';
import { HeaderCache, headerSpecHost, nodeSpecHost } from '../node/specFiles';
import type { DataCheckInfo, FromWorker, SessionSource, SpecProblemInfo } from '../protocol';

/**
 * The problems only a full load of `source` finds (content, row counts…) and what it learns (class names). `monitor`
 * hears the load's progress and may cancel it (LoadCancelled is thrown).
 */
export function checkData(source: SessionSource, monitor?: LoadMonitor): DataCheckInfo {
  const options = { maxNumbers: source.maxNumbers };
  const full = parseSpec(source.text, { ...nodeSpecHost(source.specPath, source.allowedRoot), monitor }, options);
  const head = parseSpec(source.text, headerSpecHost(source.specPath, source.allowedRoot, new HeaderCache()), options);
  const shown = new Set(head.problems.map(sameness));
  const info: DataCheckInfo = { problems: full.problems.filter((p) => !shown.has(sameness(p))).map(plain) };
  if (full.spec?.classNames) info.classNames = full.spec.classNames;
  return info;
}

/** The reply to a `data/check` request; a failure is an internal error, never a thrown message handler. */
export function dataChecked(requestId: number, source: SessionSource, monitor?: LoadMonitor): FromWorker {
  try {
    return { type: 'data/checked', requestId, result: { ok: true, value: checkData(source, monitor) } };
  } catch (err) {
    if (err instanceof LoadCancelled) return { type: 'data/cancelled', requestId };
    const details = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return { type: 'data/checked', requestId, result: { ok: false, error: `Internal error: ${details}` } };
  }
}

function sameness(p: Problem): string {
  return JSON.stringify([p.severity, p.offset, p.length, p.message]);
}

function plain(p: Problem): SpecProblemInfo {
  return { severity: p.severity, message: p.message, offset: p.offset, length: p.length, path: p.path };
}
