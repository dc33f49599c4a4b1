/**
 * The services of the system. A service name is part of queue names and database schema
 * names: never rename one.
 */
export const SERVICE_NAMES = ['api', 'meetings', 'agenda', 'membership', 'reporting', 'notifications'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Services that consume messages from queues (every service but the public HTTP edge). */
export const QUEUE_SERVICES = ['meetings', 'agenda', 'membership', 'reporting', 'notifications'] as const;
export type QueueServiceName = (typeof QUEUE_SERVICES)[number];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
