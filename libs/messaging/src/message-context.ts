import { AsyncLocalStorage } from 'node:async_hooks';
import { v7 as uuidv7 } from 'uuid';

/** What travels with every request and event: the correlation id ties a user action to all its effects. */
export interface MessageContext {
  correlationId: string;
  /** The id of the message (event or command) that caused the current work, if any. */
  causationId: string | null;
  /**
   * While a command is handled: the instant (this process' clock) after which its caller no
   * longer waits. Requests made meanwhile get what is left of it, never a budget of their own.
   */
  deadline?: number;
}

const storage = new AsyncLocalStorage<MessageContext>();

export function currentContext(): MessageContext | undefined {
  return storage.getStore();
}

export function runInContext<T>(context: MessageContext, work: () => T): T {
  return storage.run(context, work);
}

export function newCorrelationId(): string {
  return uuidv7();
}

/** The current context, or a fresh one (for work that starts on its own, like a seed or a timer). */
export function contextOrNew(): MessageContext {
  return currentContext() ?? { correlationId: newCorrelationId(), causationId: null };
}
