// The debug adapter's line to its worker: requests answered by id, stops and failures delivered to one listener.
import { Worker } from 'worker_threads';
import type { DebugReplies, DebugRequest, DebugStop, FromWorker, ToWorker } from '../protocol';

export interface WorkerEvents {
  stopped(stop: DebugStop): void;
  /** The worker failed or exited unasked: the session cannot go on. */
  failed(message: string): void;
}

export class WorkerLink {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 1;
  private closing = false;

  constructor(workerPath: string, events: WorkerEvents, maxMemoryMb?: number) {
    this.worker = new Worker(
      workerPath,
      maxMemoryMb ? { resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb } } : {},
    );
    this.worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'debug/reply') {
        const p = this.pending.get(msg.requestId);
        this.pending.delete(msg.requestId);
        if (msg.result.ok) p?.resolve(msg.result.value);
        else p?.reject(new Error(msg.result.error));
      } else if (msg.type === 'debug/stopped') events.stopped(msg.stop);
      else if (msg.type === 'worker/error') events.failed(msg.message);
    });
    const fail = (message: string): void => {
      for (const p of this.pending.values()) p.reject(new Error(message));
      this.pending.clear();
      if (!this.closing) events.failed(message);
    };
    this.worker.on('error', (err) => fail(`The training worker failed: ${err.message}`));
    this.worker.on('exit', (code) => fail(`The training worker exited (code ${code})`));
  }

  request<K extends DebugRequest['type']>(msg: Extract<DebugRequest, { type: K }>): Promise<DebugReplies[K]> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve, reject });
      this.post({ ...msg, requestId });
    });
  }

  post(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}
