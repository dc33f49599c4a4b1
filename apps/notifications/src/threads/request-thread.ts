import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { threadError, type ThreadReply } from './thread-protocol.js';

export interface RequestThreadOptions {
  /** The compiled thread's file (dist/); when it is not there (the sources run under ts-jest), `runsInThread` is false. */
  file: string;
  /** What the thread does, in logs. */
  name: string;
  workerData?: unknown;
  /**
   * A small young generation (MB): V8's default keeps much more resident than a thread whose
   * garbage is short-lived needs (measured for the SMTP thread: about 110 MB more after 10,000 invites).
   */
  youngGenerationMb?: number;
}

/**
 * Work done in a thread of its own, asked and answered by id (the thread side: `serveRequests`),
 * so that its network exchanges never wait behind the service's database and queue work on the
 * main thread. The thread starts with the service, never keeps the process alive, and if it stops
 * (an error it did not catch) what it held fails and the next request starts a new one.
 */
export class RequestThread<Request, Reply> {
  private readonly logger: Logger;
  /** Whether the compiled thread is there (looked up once). */
  readonly runsInThread: boolean;
  private thread?: Worker;
  private lastId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (value: Reply) => void; reject: (error: Error) => void; timer?: NodeJS.Timeout }
  >();

  constructor(private readonly options: RequestThreadOptions) {
    this.logger = new Logger(options.name);
    // Otherwise (the sources run under ts-jest) the caller does the work inline.
    this.runsInThread = existsSync(options.file);
    if (this.runsInThread) this.start();
  }

  /** Whether a thread is up now (a stopped one is started again by the next request). */
  get running(): boolean {
    return this.thread !== undefined;
  }

  /**
   * Asks the thread. With `timeoutMs`, a thread that has not answered by then is taken for stuck
   * (its work has time limits of its own, well inside): it is stopped, and what it held fails.
   */
  ask(request: Request, timeoutMs?: number): Promise<Reply> {
    const thread = this.thread ?? this.start();
    const id = ++this.lastId;
    return new Promise<Reply>((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.logger.error(`No answer from the thread in ${timeoutMs} ms: it is stopped`);
              void thread.terminate();
            }, timeoutMs);
      timer?.unref();
      this.waiting.set(id, { resolve, reject, timer });
      thread.postMessage({ id, request });
    });
  }

  /** The request `id` is answered or failed: no longer waited for, its time limit let go. */
  private take(id: number) {
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    clearTimeout(waiter?.timer);
    return waiter;
  }

  /** Stops the thread: what it still held fails. */
  async terminate(): Promise<void> {
    await this.thread?.terminate();
  }

  private start(): Worker {
    const { file, workerData, youngGenerationMb } = this.options;
    const thread = new Worker(file, {
      workerData,
      ...(youngGenerationMb ? { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } } : {}),
    });
    thread.unref();
    thread.on('message', (reply: ThreadReply<Reply>) => {
      const waiter = this.take(reply.id);
      if (!waiter) return;
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(threadError(reply.error));
    });
    const stopped = (why: string) => {
      if (this.thread !== thread) return;
      this.thread = undefined;
      if (this.waiting.size > 0)
        this.logger.warn(`The thread stopped (${why}) holding ${this.waiting.size} request(s)`);
      for (const id of [...this.waiting.keys()])
        this.take(id)!.reject(new Error(`The ${this.options.name} thread stopped: ${why}`));
    };
    thread.on('error', (error) => stopped(error.message));
    // A reply that could not cross (which one is unknown): the thread is stopped, what it held fails.
    thread.on('messageerror', (error) => {
      stopped(`a reply could not be read: ${error.message}`);
      void thread.terminate();
    });
    thread.on('exit', (code) => stopped(`exit code ${code}`));
    this.thread = thread;
    return thread;
  }
}
