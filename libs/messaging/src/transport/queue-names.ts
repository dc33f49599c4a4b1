import type { QueueServiceName } from '@jcg/contracts';

/*
 * Queue names are stored in Redis with the jobs they hold: never rename one.
 * Commands and events have separate queues so that a backlog of events never delays a
 * request somebody is waiting for.
 */
export function commandQueueName(service: QueueServiceName): string {
  return `${service}-commands`;
}

export function eventQueueName(service: QueueServiceName): string {
  return `${service}-events`;
}

/** A queue a service gives itself (the triggers of its timers: `meetings-timers`). */
export function workQueueName(service: QueueServiceName, purpose: string): string {
  return `${service}-${purpose}`;
}
