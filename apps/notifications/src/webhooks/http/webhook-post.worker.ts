/*
 * The webhook requests' own thread (see WebhookPoster): each POST and its answer are handled
 * here, so that their timing never waits behind the service's database and queue work.
 */
import { serveRequests } from '../../threads/serve-requests.js';
import { postWebhook, type WebhookResponse } from './post-webhook.js';
import type { PostInThread } from './webhook-poster.js';

serveRequests<PostInThread, WebhookResponse>('webhook', ({ url, ...rest }) =>
  postWebhook({ ...rest, url: new URL(url) }),
);
