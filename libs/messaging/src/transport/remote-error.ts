import { RpcException } from '@nestjs/microservices';

/** An error as it travels back to a caller: a problem (RFC 9457) without the type URI. */
export interface RemoteProblem {
  status: number;
  code: string;
  title: string;
  detail: string;
  /** Extra members a caller may show, e.g. the study groups that qualify. */
  extensions?: Record<string, unknown>;
}

/**
 * Thrown by a handler to answer a command with an error the caller should see
 * (404, 409, 422 ...). The job itself completes: a refused command is not a failure to retry.
 */
export class CommandError extends RpcException {
  constructor(readonly problem: RemoteProblem) {
    super(problem);
  }
}

/** A page cursor that is not one this API gave out: the one answer every paginated query gives. */
export function invalidCursorError(): CommandError {
  return new CommandError({
    status: 400,
    code: 'INVALID_CURSOR',
    title: 'Invalid cursor',
    detail: 'The cursor is not one this API gave out.',
  });
}

/** What a caller receives when a command was refused or could not be delivered. */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';
  constructor(readonly problem: RemoteProblem) {
    super(`${problem.title}: ${problem.detail}`);
  }
}

export function isRemoteProblem(value: unknown): value is RemoteProblem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RemoteProblem>;
  return typeof v.status === 'number' && typeof v.code === 'string' && typeof v.title === 'string';
}

/** The shape of a command job's return value. */
export type CommandResult =
  | { ok: true; value: unknown }
  /** A large answer, stored under a key of its own (see `reply-store.ts`). */
  | { ok: true; ref: string }
  | { ok: false; problem: RemoteProblem };
