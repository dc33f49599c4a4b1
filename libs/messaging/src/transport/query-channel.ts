import type { QueueServiceName, ServiceName } from '@jcg/contracts';
import type { QueueConnections } from '../jobs/queue-connections.js';
import type { RemoteProblem } from './remote-error.js';

/*
 * The light path of queries. A query changes nothing and may be lost without harm (DESIGN.md), so
 * it needs none of a job's lifecycle (a job record, a claim, a worker lock, a completion event on
 * a stream): the caller pushes the message onto the owner's query list, any replica of the owner
 * pops it (competing consumers, as with the queues), runs the same handler a command job would,
 * and pushes the answer onto the caller's reply list. Two Redis writes and two pops a query,
 * against about a dozen Redis calls for a request job. Commands and events stay on the queues.
 * Nothing needs an address: a replica that starts pops, one that dies stops popping, and a
 * query it had taken is not answered (its caller gets a 503 when its time runs out).
 */

/** A query on its way to the owner. */
export interface QueryMessage {
  id: string;
  name: string;
  payload: unknown;
  /** The caller's reply list. */
  replyTo: string;
  correlationId: string;
  causationId: string | null;
  sender: ServiceName;
  /** When it was sent (epoch ms) and how long the caller waits: a query its caller gave up on is not run. */
  sentAt: number;
  budgetMs: number;
}

/** The owner's answer: the handler's value, or its refusal. */
export type QueryAnswer = { ok: true; value: unknown } | { ok: false; problem: RemoteProblem };

export interface QueryReply {
  id: string;
  answer: QueryAnswer;
}

/** The list a service's replicas take queries from. */
export function queryListKey(connections: QueueConnections, owner: QueueServiceName): string {
  return connections.key('queries', owner);
}

/** A caller's reply list (one per client instance); it expires when its caller is gone. */
export function replyListKey(connections: QueueConnections, clientId: string): string {
  return connections.key('query-replies', clientId);
}

/** How long an unread reply list is kept: a caller that died never reads it. */
export const REPLY_LIST_TTL_MS = 60_000;
