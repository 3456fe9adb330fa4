// The worker_threads entry: receives the host's messages and hands each to what answers it. It owns the one training
// session (replaced by each load) and, for a debug session's worker, the debug target.
import { parentPort } from 'worker_threads';
import type { FromWorker, ToWorker } from '../protocol';
import { dataChecked } from './dataCheck';
import { DebugTarget } from './debug/target';
import { ExactBuffers } from './training/exactBuffers';
import { loadMonitor } from './loadMonitor';
import { lowerThreadPriority } from './priority';
import { loadSession, type SessionThread, type TrainingSession } from './training/session';

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

const thread: SessionThread = {
  post,
  now: () => performance.now(),
  schedule: (task) => setImmediate(task),
  exactBuffers: new ExactBuffers(),
};

let session: TrainingSession | undefined;

/** A debug session's worker: created on its first debug message, so a training worker never holds one. */
let debugTarget: DebugTarget | undefined;

function handle(msg: ToWorker): void {
  switch (msg.type) {
    case 'session/load':
      session?.dispose();
      // Cleared first: a load that throws leaves no session, rather than the one it was to replace.
      session = undefined;
      session = loadSession(msg.requestId, msg.source, loadMonitor(msg.requestId, msg.cancel, post), thread);
      return;
    case 'data/check':
      return post(dataChecked(msg.requestId, msg.source, loadMonitor(msg.requestId, msg.cancel, post)));
    case 'snapshot/recycle':
      // Kept across loads: a reload of the same network fills them again.
      return thread.exactBuffers.give(msg.buffers);
    case 'debug/motion':
      return (debugTarget ??= new DebugTarget(post)).motion(msg.motion);
    case 'debug/start':
    case 'debug/breakpoints':
    case 'debug/variables':
    case 'debug/evaluate':
    case 'debug/setVariable':
    case 'debug/dataInfo':
      return (debugTarget ??= new DebugTarget(post)).request(msg);
  }
  const s = session;
  if (!s) return post({ type: 'worker/error', message: `"${msg.type}" before a spec was loaded` });
  switch (msg.type) {
    case 'train/run':
      return s.run(msg.steps);
    case 'train/pause':
      return s.pause();
    case 'train/step':
      return s.step(msg.count);
    case 'train/reset':
      return s.reset();
    case 'train/setLearningRate':
      return s.setLearningRate(msg.value);
    case 'check/run':
      return s.checkGradients(msg.requestId, msg.eps, msg.sample);
    case 'snapshot/request':
      return s.snapshot(msg.requestId);
    case 'images/cell':
      return s.cellExamples(msg.requestId, msg.actual, msg.predicted);
    default: {
      const unknown: never = msg;
      post({ type: 'worker/error', message: `unknown message ${JSON.stringify(unknown)}` });
    }
  }
}

if (parentPort) lowerThreadPriority();

parentPort?.on('message', (msg: ToWorker) => {
  try {
    handle(msg);
  } catch (err) {
    post({
      type: 'worker/error',
      message:
        `Internal error while handling "${msg.type}": ` +
        `${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    });
  }
});
