import type { z } from 'zod';
import { findCommand, findEvent, type CommandName, type ResponseOf } from './catalogue.js';
import { eventEnvelopeSchema, type EventEnvelope } from './envelope.js';

/** A message that does not match the contracts catalogue. Never retried: sending it again cannot help. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
  constructor(
    readonly messageName: string,
    readonly issues: readonly string[],
  ) {
    super(`Invalid message "${messageName}": ${issues.join('; ')}`);
  }
}

export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, messageName: string, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ContractViolation(
      messageName,
      describeIssues(result.error).map((i) => `${where}${i}`),
    );
  }
  return result.data;
}

/** Validates a command's request; returns the parsed value (defaults applied). */
export function parseRequest(name: string, payload: unknown): unknown {
  const contract = findCommand(name);
  if (!contract) throw new ContractViolation(name, ['unknown command: it is not in the contracts catalogue']);
  return parseWith(contract.request, payload, name, 'request.');
}

/** Validates a command's response, so that a handler can never answer outside its contract. */
export function parseResponse(name: string, payload: unknown): unknown {
  const contract = findCommand(name);
  if (!contract) throw new ContractViolation(name, ['unknown command: it is not in the contracts catalogue']);
  return parseWith(contract.response, payload, name, 'response.');
}

/** Validates an event envelope and its data against the catalogue. */
export function parseEvent(envelope: unknown): EventEnvelope {
  const type =
    typeof envelope === 'object' && envelope !== null && typeof (envelope as { type?: unknown }).type === 'string'
      ? (envelope as { type: string }).type
      : '(no type)';
  const parsed = parseWith(eventEnvelopeSchema, envelope, type, 'envelope.');
  const contract = findEvent(parsed.type);
  if (!contract) throw new ContractViolation(parsed.type, ['unknown event type: it is not in the contracts catalogue']);
  return { ...parsed, data: parseWith(contract.data, parsed.data, parsed.type, 'data.') };
}

/**
 * A handler's answer checked against its contract before the transaction that made it commits:
 * an answer that cannot be given must roll the change back, not leave it done behind a 500.
 */
export function checkReply<N extends CommandName>(name: N, value: ResponseOf<N>): ResponseOf<N> {
  return parseResponse(name, value) as ResponseOf<N>;
}
