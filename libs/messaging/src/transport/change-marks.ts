import type { Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { QueueServiceName } from '@jcg/contracts';
import type { QueueConnections } from '../jobs/queue-connections.js';
import type { CommitSignal } from '../commit-signal.js';

/*
 * A service's change mark: a value in Redis that the service replaces with a fresh one after each
 * command, event and timer it handled (after its transaction committed; for a command, before its
 * answer goes back; before the relays are woken to publish what it wrote). Another process may
 * keep a copy of what it read from that service (the API's key cache and its cacheable queries)
 * as long as the mark has not moved: once a co-convenor is told "revoked" or "moved", no copy
 * made before is used again. A fresh random value (not a counter): after Redis loses everything
 * the marks start over without ever repeating one. Redis down, a copy lives at most its TTL.
 */
export function changeMarkKey(connections: QueueConnections, service: QueueServiceName): string {
  return connections.key('changes', service);
}

/** Moves the service's mark (after a command, event or timer handled); a failure is logged, not thrown. */
export async function moveChangeMark(
  connections: QueueConnections,
  service: QueueServiceName,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  try {
    await connections.producer().set(changeMarkKey(connections, service), uuidv7());
  } catch (error) {
    logger.warn(`The change mark of ${service} could not be moved: ${(error as Error).message}`);
  }
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

/**
 * What follows a command, event or timer handled (its effects committed): the mark moves first,
 * then the relays are woken, so that nothing they publish reaches a reader of a copy made before.
 */
export async function afterHandled(
  connections: QueueConnections,
  service: QueueServiceName,
  signal: CommitSignal | undefined,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  await moveChangeMark(connections, service, logger);
  signal?.notify();
}
