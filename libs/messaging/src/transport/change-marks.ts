import { v7 as uuidv7 } from 'uuid';
import type { QueueServiceName } from '@jcg/contracts';
import type { QueueConnections } from '../jobs/queue-connections.js';

/*
 * A service's change mark: a value in Redis that the service replaces with a fresh one after each
 * command it completed, before the command's answer goes back. Another process may keep a copy
 * of what it read from that service (the API's key cache) as long as the mark has not moved:
 * once a co-convenor is told "revoked", no copy made before is used again. A fresh random value
 * (not a counter): after Redis loses everything the marks start over without ever repeating one.
 */
export function changeMarkKey(connections: QueueConnections, service: QueueServiceName): string {
  return connections.key('changes', service);
}

/** Moves the service's mark (after a completed command). */
export async function moveChangeMark(connections: QueueConnections, service: QueueServiceName): Promise<void> {
  await connections.producer().set(changeMarkKey(connections, service), uuidv7());
}

/** The service's mark now (set one if there is none yet); null when Redis cannot say. */
export async function readChangeMark(connections: QueueConnections, service: QueueServiceName): Promise<string | null> {
  const key = changeMarkKey(connections, service);
  const redis = connections.producer();
  try {
    const mark = await redis.get(key);
    if (mark !== null) return mark;
    await redis.set(key, uuidv7(), 'NX');
    return await redis.get(key);
  } catch {
    return null;
  }
}
