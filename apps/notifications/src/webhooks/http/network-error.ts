/**
 * Words for a failed connection (refused, reset, TLS) in the delivery log: Node's message on one
 * line, with the error code when the message does not already carry it. Duck-typed rather than
 * `instanceof Error`, which fails for errors made in another realm (Jest's sandbox, vm).
 */
export function describeNetworkError(error: unknown): string {
  const { message, code } = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown;
    code?: unknown;
  };
  if (typeof message !== 'string') return String(error);
  const text = message.replace(/\s+/g, ' ').trim() || 'connection failed';
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
}
