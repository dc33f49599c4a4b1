import { type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { bareIp, sameIp } from './ip-literal.js';
import { describeNetworkError } from './network-error.js';
import { pinnedLookup } from './pinned-lookup.js';
import { parseRetryAfter } from './retry-after.js';
import { utf8Excerpt } from './utf8-excerpt.js';

/**
 * Sends one webhook attempt and reports what happened, without ever throwing for the network:
 * the connection goes to the address checked by `resolveTarget` (pinned), redirects are not
 * followed, one deadline bounds the whole exchange, and at most a small excerpt of the response
 * is read, so a hostile or broken receiver can cost neither memory nor an unbounded wait.
 */

export const WEBHOOK_USER_AGENT = 'jcg-webhooks/1';
export const DEFAULT_MAX_RESPONSE_BYTES = 1024;

/** Set by the sender itself; caller headers with these names are ignored. */
const OWN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

export interface WebhookRequest {
  url: URL;
  /** The address from `resolveTarget`; the connection goes here whatever DNS says now. */
  address: string;
  family: 4 | 6;
  /** webhook-id, webhook-timestamp, webhook-signature, ... */
  headers: Record<string, string>;
  /** The JSON payload, already serialised (it is what was signed). */
  body: string;
  /** Deadline for the whole attempt: connect, send, response headers and the excerpt. */
  timeoutMs: number;
  /** How much of the response body to keep; the rest is never read. Default 1024. */
  maxResponseBytes?: number;
}

export interface WebhookResponse {
  /** The HTTP status (3xx included: redirects are not followed); null if none arrived. */
  status: number | null;
  durationMs: number;
  /** The start of the response body as UTF-8; null if no response arrived. */
  responseExcerpt: string | null;
  /** From Retry-After (seconds or date), capped at 24 h; null when absent or unreadable. */
  retryAfterMs: number | null;
  /** What went wrong on the wire (refused, reset, TLS, timeout); null when nothing did. */
  error: string | null;
  timedOut: boolean;
}

function requestHeaders(url: URL, given: Record<string, string>, body: string): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { 'content-type': 'application/json', 'user-agent': WEBHOOK_USER_AGENT };
  for (const [name, value] of Object.entries(given)) {
    const key = name.toLowerCase();
    if (!OWN_HEADERS.has(key)) headers[key] = value;
  }
  headers.host = url.host;
  headers['content-length'] = Buffer.byteLength(body);
  headers.connection = 'close';
  return headers;
}

/** Starts the request on the pinned address; the URL's name stays in Host and in TLS (SNI, certificate). */
function openRequest(webhook: WebhookRequest): ClientRequest {
  const { url } = webhook;
  const hostname = bareIp(url.hostname);
  const common = {
    method: 'POST',
    hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    headers: requestHeaders(url, webhook.headers, webhook.body),
    agent: false as const,
    lookup: pinnedLookup(webhook.address, webhook.family),
  };
  switch (url.protocol) {
    case 'http:':
      return httpRequest(common);
    case 'https:':
      // SNI must not carry an IP address (RFC 6066); Node then checks the certificate against the IP.
      return httpsRequest(isIP(hostname) === 0 ? { ...common, servername: hostname } : common);
    default:
      throw new Error(`unsupported URL scheme ${url.protocol}`);
  }
}

/** Posts `request.body` to `request.url` on the pinned address; resolves with the outcome, never rejects. */
export function postWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const maxBytes = Math.max(0, request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);

  return new Promise<WebhookResponse>((resolve) => {
    let status: number | null = null;
    let retryAfterMs: number | null = null;
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    let outgoing: ClientRequest | undefined;
    let incoming: IncomingMessage | undefined;

    const finish = (error: string | null, timedOut = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      // Frees the socket at once: nothing more of the response is read.
      incoming?.destroy();
      outgoing?.destroy();
      resolve({
        status,
        durationMs: Math.round(performance.now() - started),
        responseExcerpt: status === null ? null : utf8Excerpt(Buffer.concat(chunks), maxBytes),
        retryAfterMs,
        error,
        timedOut,
      });
    };

    const deadline = setTimeout(() => finish(`timed out after ${request.timeoutMs} ms`, true), request.timeoutMs);

    const hostname = bareIp(request.url.hostname);
    if (isIP(hostname) !== 0 && !sameIp(hostname, request.address)) {
      // A literal IP host is connected to directly, never looked up: the pin would not apply.
      finish(`the pinned address ${request.address} is not the URL's address ${hostname}`);
      return;
    }

    try {
      outgoing = openRequest(request);
    } catch (error) {
      // Invalid header values and unsupported schemes are refused synchronously by Node.
      finish(describeNetworkError(error));
      return;
    }

    outgoing.on('error', (error) => finish(describeNetworkError(error)));
    outgoing.on('response', (response) => {
      incoming = response;
      status = response.statusCode ?? null;
      retryAfterMs = parseRetryAfter(response.headers['retry-after'], Date.now());
      if (maxBytes === 0) return finish(null);
      response.on('data', (chunk: Buffer) => {
        const kept = chunk.subarray(0, maxBytes - received);
        chunks.push(kept);
        received += kept.length;
        if (received >= maxBytes) finish(null);
      });
      response.on('end', () => finish(null));
      response.on('error', (error) => finish(describeNetworkError(error)));
      response.on('close', () => finish(response.complete ? null : 'the response was cut short'));
    });
    outgoing.end(request.body);
  });
}
