import { commandsOwnedBy, eventsSubscribedBy } from '@jcg/contracts';
import { wiringProblems } from './wiring.js';

function complete(service: 'membership' | 'meetings' | 'notifications') {
  return [
    ...commandsOwnedBy(service).map((c) => ({ pattern: c.name, isEvent: false })),
    ...eventsSubscribedBy(service).map((e) => ({ pattern: e.type, isEvent: true })),
  ];
}

describe('wiringProblems', () => {
  it('accepts a service that handles exactly its messages', () => {
    expect(wiringProblems('membership', complete('membership'))).toEqual([]);
    expect(wiringProblems('meetings', complete('meetings'))).toEqual([]);
  });

  it('finds a command with no handler', () => {
    const handlers = complete('membership').filter((h) => h.pattern !== 'membership.groups.get');
    expect(wiringProblems('membership', handlers)).toEqual([
      'no handler for the query "membership.groups.get" that membership owns',
    ]);
  });

  it('finds an event subscription with no handler', () => {
    expect(
      wiringProblems(
        'notifications',
        complete('notifications').filter((h) => h.pattern !== 'group.registered'),
      ),
    ).toEqual(['no handler for the event "group.registered" that notifications subscribes to']);
  });

  it('finds handlers for messages addressed elsewhere or unknown', () => {
    const handlers = [
      ...complete('meetings'),
      { pattern: 'membership.groups.get', isEvent: false },
      { pattern: 'meeting.teleported', isEvent: true },
      { pattern: 'group.registered', isEvent: false },
    ];
    expect(wiringProblems('meetings', handlers)).toEqual([
      'a handler for the query "membership.groups.get", which belongs to membership (use @MessagePattern in the owner)',
      'a handler for "meeting.teleported", which is not in the contracts catalogue',
      'a handler for the event "group.registered", but meetings is not among its subscribers (use @EventPattern and add it to the catalogue)',
    ]);
  });
});
