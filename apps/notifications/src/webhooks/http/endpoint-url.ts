import { isIP } from 'node:net';
import { forbiddenAddressReason } from './address-policy.js';
import { bareIp } from './ip-literal.js';
import { isLoopbackHost } from './loopback-host.js';

/**
 * The checks a webhook endpoint URL must pass when it is registered, before any DNS is involved:
 * https only, no credentials or fragment, a sane length, and no literal address our network must
 * not be called on. Names are resolved and checked again at send time (`resolveTarget`).
 */

export const MAX_ENDPOINT_URL_LENGTH = 2000;

export interface EndpointUrlOptions {
  /** Allows http and loopback hosts (localhost, 127.0.0.0/8, [::1]) for development and tests. */
  allowLoopback: boolean;
}

export type EndpointUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

function refuse(reason: string): EndpointUrlCheck {
  return { ok: false, reason };
}

/** Whether `raw` may be registered as a webhook endpoint; the reasons are meant for API errors. */
export function checkEndpointUrl(raw: string, options: EndpointUrlOptions): EndpointUrlCheck {
  const tooLong = `The URL must be at most ${MAX_ENDPOINT_URL_LENGTH} characters long.`;
  if (raw.length > MAX_ENDPOINT_URL_LENGTH) return refuse(tooLong);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('The URL is not a valid absolute URL.');
  }
  if (url.href.length > MAX_ENDPOINT_URL_LENGTH) return refuse(tooLong);

  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:') {
    if (!options.allowLoopback) return refuse('The URL must use https.');
    if (!loopback) return refuse('The URL must use https (http is allowed only for loopback hosts here).');
  } else if (url.protocol !== 'https:') {
    return refuse('The URL must use https.');
  }
  if (url.username !== '' || url.password !== '') return refuse('The URL must not contain a username or password.');
  // An empty fragment ("https://x/#") leaves url.hash empty but is kept in href.
  if (url.href.includes('#')) return refuse('The URL must not contain a fragment (#).');
  if (url.hostname === '') return refuse('The URL must name a host.');

  const host = bareIp(url.hostname);
  if (isIP(host) !== 0) {
    const reason = forbiddenAddressReason(host, options);
    if (reason !== null) return refuse(`The URL's host is ${reason}, which cannot receive webhooks.`);
  } else if (loopback && !options.allowLoopback) {
    return refuse("The URL's host must not be localhost.");
  }
  return { ok: true, url };
}
