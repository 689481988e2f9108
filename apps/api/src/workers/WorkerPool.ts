import { Worker } from 'node:worker_threads';
import type { Job, JobResult } from '../fitting/jobs.js';

/** The queue is full: answered 503 with Retry-After. */
export class PoolFullError extends Error {
  override readonly name = 'PoolFullError';
}

/** A job ran past the time limit: its worker was terminated; answered 504. */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';
}

export interface PoolOptions {
  /** Worker threads (default: the number of cores). */
  readonly size: number;
  /** Per-job time limit in milliseconds. */
  readonly timeoutMs: number;
  /** Jobs allowed to wait for a worker; more are refused. */
  readonly maxQueue: number;
  /** Passed to the workers: the largest data accepted (rows × columns). */
  readonly maxCells: number;
  /** The worker script (default: the built fitWorker.js beside this file). */
  readonly workerUrl?: URL;
}

interface Pending {
  readonly job: Job;
  readonly resolve: (r: JobResult) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: { id: number; pending: Pending; timer: NodeJS.Timeout } | null;
}

/**
 * A fixed pool of worker threads running fit/path/CV jobs with a time limit and a bounded queue.
 * A worker that times out or crashes is terminated and replaced; the pool keeps its size.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.size; i++) this.slots.push(this.spawn());
  }

  /** Runs a job; rejects with PoolFullError or JobTimeoutError. */
  run(job: Job): Promise<JobResult> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    const idle = this.slots.find((s) => s.busy === null);
    if (idle === undefined && this.queue.length >= this.opts.maxQueue) {
      return Promise.reject(new PoolFullError(`all ${this.opts.size} fit workers are busy and ${this.queue.length} jobs are waiting (limit ${this.opts.maxQueue})`));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /** Busy workers and waiting jobs, for /health. */
  stats(): { size: number; busy: number; queued: number } {
    return { size: this.slots.length, busy: this.slots.filter((s) => s.busy !== null).length, queued: this.queue.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the server is shutting down'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const url = this.opts.workerUrl ?? new URL('./fitWorker.js', import.meta.url);
    const worker = new Worker(url, { workerData: { maxCells: this.opts.maxCells } });
    const slot: Slot = { worker, busy: null };
    worker.on('message', ({ id, result }: { id: number; result: JobResult }) => {
      if (slot.busy === null || slot.busy.id !== id) return;
      clearTimeout(slot.busy.timer);
      const { pending } = slot.busy;
      slot.busy = null;
      pending.resolve(result);
      this.dispatch();
    });
    worker.on('error', (e) => this.replace(slot, e));
    worker.on('exit', (code) => {
      if (!this.closed && slot.busy !== null) this.replace(slot, new Error(`a fit worker exited with code ${code}`));
    });
    return slot;
  }

  private replace(slot: Slot, error: Error): void {
    if (slot.busy !== null) {
      clearTimeout(slot.busy.timer);
      slot.busy.pending.reject(error);
      slot.busy = null;
    }
    void slot.worker.terminate();
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = this.spawn();
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy !== null || this.queue.length === 0) continue;
      const pending = this.queue.shift() as Pending;
      const id = this.nextId++;
      const timer = setTimeout(() => this.replace(slot, new JobTimeoutError(`the fit took longer than the ${this.opts.timeoutMs} ms limit (LASSOKIT_FIT_TIMEOUT_MS)`)), this.opts.timeoutMs);
      slot.busy = { id, pending, timer };
      slot.worker.postMessage({ id, job: pending.job });
    }
  }
}
