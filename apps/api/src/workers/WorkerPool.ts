import { Worker } from 'node:worker_threads';
import type { JobLimits } from '../config.js';
import type { Job, JobResult } from '../fitting/jobs.js';

/** The queue is full: answered 503 with Retry-After. */
export class PoolFullError extends Error {
  override readonly name = 'PoolFullError';
}

/** A job ran past the time limit: its worker was terminated; answered 504. */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';
}

/** A job needed more heap than a worker may have: the worker died and was replaced; answered 413. */
export class WorkerOutOfMemoryError extends Error {
  override readonly name = 'WorkerOutOfMemoryError';
}

export interface PoolOptions {
  /** Worker threads (default: the number of cores). */
  readonly size: number;
  /** Per-job time limit in milliseconds. */
  readonly timeoutMs: number;
  /** Jobs allowed to wait for a worker; more are refused. */
  readonly maxQueue: number;
  /** Passed to the workers: the limits every job is held to. */
  readonly limits: JobLimits;
  /** V8 old-generation heap of each worker, in MiB. */
  readonly heapMb: number;
  /** The worker script (default: the built fitWorker.js beside this file). */
  readonly workerUrl?: URL;
  /**
   * Each worker warms up before its first job (see `warmUp`): made-up jobs of each kind, so that
   * the first request a worker serves is not its cold start. Default off (the server turns it on:
   * LASSOKIT_WARMUP).
   */
  readonly warmUp?: boolean;
  /** Told when a worker has warmed up: how long it took, and the warm-up jobs that failed (none expected). */
  readonly onWarmUp?: (info: WarmUpInfo) => void;
}

/** A worker's warm-up: its time in milliseconds, and the failures of its jobs (codes and messages). */
export interface WarmUpInfo {
  readonly ms: number;
  readonly failed: readonly string[];
}

/** A place in the pool, taken before a request body is read and given back by `run` or `release`. */
export interface Reservation {
  /** Runs the job in the reserved place (once); `transfer` lists buffers moved, not copied, to the worker. */
  run(job: Job, transfer?: readonly ArrayBuffer[]): Promise<JobResult>;
  /** Gives the place back without running anything (the body could not be read). */
  release(): void;
}

interface Pending {
  readonly job: Job;
  readonly transfer: readonly ArrayBuffer[];
  readonly resolve: (r: JobResult) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** False while the worker warms up: it gets no job (whose time limit would run meanwhile). */
  ready: boolean;
  busy: { id: number; pending: Pending; timer: NodeJS.Timeout } | null;
}

/**
 * A fixed pool of worker threads running jobs (fits, paths, CV, large predictions — including
 * parsing and validating their bodies) with a time limit, a heap limit and a bounded queue.
 *
 * Admission is counted before any body is read: `reserve()` takes one of `size + maxQueue`
 * places or throws PoolFullError, so the bodies held at once are at most (size + maxQueue) ×
 * the body limit, and a flood of large requests is refused instead of buffered. A worker that
 * times out, runs out of heap or crashes is terminated and replaced; the pool keeps its size.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private reserved = 0;
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.size; i++) this.slots.push(this.spawn());
  }

  /** Takes a place for one job, or throws PoolFullError when every worker is busy and the queue is full. */
  reserve(): Reservation {
    if (this.closed) throw new Error('the worker pool is closed');
    const busy = this.slots.filter((s) => s.busy !== null).length;
    if (busy + this.queue.length + this.reserved >= this.opts.size + this.opts.maxQueue) {
      throw new PoolFullError(`all ${this.opts.size} fit workers are busy and ${this.queue.length + this.reserved} jobs are waiting (limit ${this.opts.maxQueue}, LASSOKIT_MAX_QUEUE)`);
    }
    this.reserved++;
    let held = true;
    const giveBack = () => {
      if (!held) return false;
      held = false;
      this.reserved--;
      return true;
    };
    return {
      run: (job, transfer = []) => {
        if (!giveBack()) return Promise.reject(new Error('this reservation was already used'));
        if (this.closed) return Promise.reject(new Error('the server is shutting down'));
        return new Promise((resolve, reject) => {
          this.queue.push({ job, transfer, resolve, reject });
          this.dispatch();
        });
      },
      release: () => void giveBack(),
    };
  }

  /** Reserves and runs a job; rejects with PoolFullError, JobTimeoutError or WorkerOutOfMemoryError. */
  run(job: Job, transfer: readonly ArrayBuffer[] = []): Promise<JobResult> {
    try {
      return this.reserve().run(job, transfer);
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  /** Busy workers, workers still warming up, and waiting jobs (reserved places included), for /health. */
  stats(): { size: number; busy: number; warming: number; queued: number } {
    return {
      size: this.slots.length,
      busy: this.slots.filter((s) => s.busy !== null).length,
      warming: this.slots.filter((s) => !s.ready).length,
      queued: this.queue.length + this.reserved,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the server is shutting down'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** A worker in a new slot; `warm`: it warms up first (not ready until it says so). */
  private spawn(warm = this.opts.warmUp === true): Slot {
    const url = this.opts.workerUrl ?? new URL('./fitWorker.js', import.meta.url);
    const worker = new Worker(url, {
      workerData: { limits: this.opts.limits, warm },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb },
    });
    const slot: Slot = { worker, ready: !warm, busy: null };
    worker.on('message', (message: { id: number; result: JobResult } | { ready: WarmUpInfo }) => {
      if ('ready' in message) {
        slot.ready = true;
        this.opts.onWarmUp?.(message.ready);
        this.dispatch();
        return;
      }
      const { id, result } = message;
      if (slot.busy === null || slot.busy.id !== id) return;
      clearTimeout(slot.busy.timer);
      const { pending } = slot.busy;
      slot.busy = null;
      pending.resolve(result);
      this.dispatch();
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.replace(
        slot,
        oom ? new WorkerOutOfMemoryError(`the job needed more memory than a fit worker may use (${this.opts.heapMb} MiB, LASSOKIT_WORKER_HEAP_MB); send fewer rows, columns or levels`) : e,
      );
    });
    worker.on('exit', (code) => {
      if (!this.closed && (slot.busy !== null || !slot.ready)) this.replace(slot, new Error(`a fit worker exited with code ${code}`));
    });
    return slot;
  }

  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    if (slot.busy !== null) {
      clearTimeout(slot.busy.timer);
      slot.busy.pending.reject(error);
      slot.busy = null;
    }
    void slot.worker.terminate();
    if (this.closed) return;
    // A worker that died warming up is replaced by one that does not warm up: the warm-up would
    // fail again, and its slot would never take a job.
    this.slots[index] = this.spawn(slot.ready && this.opts.warmUp === true);
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.busy !== null || this.queue.length === 0) continue;
      const pending = this.queue.shift() as Pending;
      const id = this.nextId++;
      const timer = setTimeout(() => this.replace(slot, new JobTimeoutError(`the fit took longer than the ${this.opts.timeoutMs} ms limit (LASSOKIT_FIT_TIMEOUT_MS)`)), this.opts.timeoutMs);
      slot.busy = { id, pending, timer };
      slot.worker.postMessage({ id, job: pending.job }, [...pending.transfer]);
    }
  }
}
