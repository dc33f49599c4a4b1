import { commandsOwnedBy, eventsSubscribedBy, findCommand, findEvent, type QueueServiceName } from '@jcg/contracts';

/**
 * Compares a service's handlers with the catalogue. A service refuses to start when a message
 * it must handle has no handler, or when it handles a message that is not addressed to it:
 * such a message would wait in a queue forever, or never arrive.
 */
export function wiringProblems(service: QueueServiceName, handlers: { pattern: string; isEvent: boolean }[]): string[] {
  const problems: string[] = [];
  const handled = new Set(handlers.map((h) => h.pattern));
  for (const c of commandsOwnedBy(service)) {
    if (!handled.has(c.name)) problems.push(`no handler for the ${c.kind} "${c.name}" that ${service} owns`);
  }
  for (const e of eventsSubscribedBy(service)) {
    if (!handled.has(e.type)) problems.push(`no handler for the event "${e.type}" that ${service} subscribes to`);
  }
  for (const { pattern, isEvent } of handlers) {
    const command = findCommand(pattern);
    const event = findEvent(pattern);
    if (!command && !event) problems.push(`a handler for "${pattern}", which is not in the contracts catalogue`);
    else if (command && (isEvent || command.owner !== service))
      problems.push(
        `a handler for the ${command.kind} "${pattern}", which belongs to ${command.owner} (use @MessagePattern in the owner)`,
      );
    else if (event && (!isEvent || !event.subscribers.includes(service)))
      problems.push(
        `a handler for the event "${pattern}", but ${service} is not among its subscribers (use @EventPattern and add it to the catalogue)`,
      );
  }
  return problems;
}
