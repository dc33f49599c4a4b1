import type { z } from 'zod';
import type { QueueServiceName } from './services.js';

/** A request/reply message (a command that changes state, or a query that reads it). */
export interface CommandContract<
  TName extends string = string,
  TRequest extends z.ZodType = z.ZodType,
  TResponse extends z.ZodType = z.ZodType,
> {
  readonly kind: 'command' | 'query';
  readonly name: TName;
  /** The one service that handles it: its queue receives the request. */
  readonly owner: QueueServiceName;
  readonly request: TRequest;
  readonly response: TResponse;
  readonly description: string;
  /**
   * A query whose answer is its owner's stored state and nothing else (not the time, not another
   * service): a caller that keeps copies (the API) may answer it again from one while the
   * owner's change mark has not moved (see `MarkedCache` in the messaging library).
   */
  readonly cacheable?: boolean;
}

/** A fact that happened in its owner service, published through the owner's outbox. */
export interface EventContract<TType extends string = string, TData extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly type: TType;
  readonly owner: QueueServiceName;
  readonly data: TData;
  /** Services that receive it: each gets a copy on its own event queue. */
  readonly subscribers: readonly QueueServiceName[];
  readonly description: string;
}

export function defineCommand<const TName extends string, TRequest extends z.ZodType, TResponse extends z.ZodType>(
  contract: Omit<CommandContract<TName, TRequest, TResponse>, 'kind'> & { kind?: 'command' | 'query' },
): CommandContract<TName, TRequest, TResponse> {
  return { kind: 'command', ...contract };
}

export function defineEvent<const TType extends string, TData extends z.ZodType>(
  contract: Omit<EventContract<TType, TData>, 'kind'>,
): EventContract<TType, TData> {
  return { kind: 'event', ...contract };
}
