/** A request to a thread (`RequestThread`), with the id its answer comes back with. */
export interface ThreadRequest<Request> {
  id: number;
  request: Request;
}

/** A failure as plain fields: an Error's class does not cross threads. */
export interface ThreadFailure {
  message: string;
  /** Fields that classify it (an SMTP reply's responseCode, a Node error's code). */
  responseCode?: number;
  code?: string;
}

export type ThreadReply<Reply> =
  { id: number; ok: true; value: Reply } | { id: number; ok: false; error: ThreadFailure };

/** A thrown value as the plain fields that cross threads. */
export function threadFailure(error: unknown, fallback: string): ThreadFailure {
  const { message, responseCode, code } = (error ?? {}) as { message?: string; responseCode?: number; code?: string };
  return { message: message ?? fallback, responseCode, code };
}

/** A failure from a thread as an Error again, with the fields that classify it. */
export function threadError(error: ThreadFailure): Error {
  return Object.assign(new Error(error.message), {
    ...(error.responseCode !== undefined ? { responseCode: error.responseCode } : {}),
    ...(error.code !== undefined ? { code: error.code } : {}),
  });
}
