import path from 'node:path';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RequestThread } from '../../threads/request-thread.js';
import { postWebhook, type WebhookRequest, type WebhookResponse } from './post-webhook.js';

/** A request as it crosses to the thread: the URL as text (a URL object does not cross threads). */
export type PostInThread = Omit<WebhookRequest, 'url'> & { url: string };

/** How long past a request's own time limit its thread is given before it is taken for stuck. */
const STUCK_MARGIN_MS = 5000;

/** The compiled thread beside this file (dist/). */
const POST_THREAD = path.join(__dirname, 'webhook-post.worker.js');

/**
 * Sends webhook requests (`postWebhook`) from a thread of its own. On the main thread each
 * request's answer waited its turn behind the deliveries' claims and settles and the intake of
 * events: 5-10 ms a request where the same client alone takes 3-4 (bench/README.md, fix 21).
 * Where the compiled thread is not there (the sources run under ts-jest), requests go out inline.
 * A request the thread held when it stopped is rejected: its attempt stays `sending` until its
 * lease runs out, and is then sent again, as after a crash.
 */
@Injectable()
export class WebhookPoster implements OnApplicationShutdown {
  private readonly thread = new RequestThread<PostInThread, WebhookResponse>({
    file: POST_THREAD,
    name: 'webhook requests',
    youngGenerationMb: 8,
  });
  private closing = false;

  /** Where the requests are made: in their thread when the compiled thread is there, inline otherwise. */
  get runsInThread(): boolean {
    return this.thread.runsInThread;
  }

  post(request: WebhookRequest): Promise<WebhookResponse> {
    if (this.closing) return Promise.reject(new Error('The webhook sender is shutting down'));
    if (!this.thread.runsInThread) return postWebhook(request);
    // The request has its own time limit in the thread; past it and a margin, the thread is stuck.
    return this.thread.ask({ ...request, url: request.url.href }, request.timeoutMs + STUCK_MARGIN_MS);
  }

  /** After the pump and the replays let their requests finish (their modules stop first). */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.thread.terminate();
  }
}
