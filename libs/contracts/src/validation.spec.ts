import {
  COMMANDS,
  EVENTS,
  ContractViolation,
  parseEvent,
  parseRequest,
  parseResponse,
  eventsSubscribedBy,
  commandsOwnedBy,
} from './index.js';

const group = {
  id: '0192f7a0-0000-7000-8000-000000000001',
  acronym: 'JCG-IoTSec',
  title: 'Joint Correspondence Group on IoT Security',
  parentBody: 'TSAG',
  studyGroups: ['SG17', 'SG20'],
  mailingList: 'jcgiotsec@lists.itu.int',
  status: 'active',
  announcementLeadDays: 7,
  concurrenceRequired: true,
  currentTorVersion: 1,
};

function envelope(overrides: Record<string, unknown> = {}) {
  return {
    id: '0192f7a0-0000-7000-8000-0000000000aa',
    type: 'group.registered',
    occurredAt: '2026-11-28T10:00:00.000Z',
    groupId: group.id,
    correlationId: 'c-1',
    causationId: null,
    data: group,
    ...overrides,
  };
}

describe('contracts catalogue', () => {
  it('gives every command an owner, and never sends an event back to its owner', () => {
    for (const c of COMMANDS.values()) expect(c.owner).toBeTruthy();
    for (const e of EVENTS.values()) expect(e.subscribers).not.toContain(e.owner);
  });

  it('maps services to what they must handle', () => {
    expect(commandsOwnedBy('membership').map((c) => c.name)).toEqual(
      expect.arrayContaining(['membership.groups.register', 'membership.groups.get', 'membership.readiness.check']),
    );
    expect(eventsSubscribedBy('notifications').map((e) => e.type)).toContain('group.registered');
    expect(eventsSubscribedBy('membership')).toEqual([]);
  });
});

describe('parseRequest', () => {
  it('applies defaults and accepts a valid request', () => {
    const { id: _id, status: _status, concurrenceRequired: _c, currentTorVersion: _v, ...fields } = group;
    const tor = {
      text: 'Terms of reference',
      objectives: [{ key: 'a', text: 'Review' }],
      reference: 'TSAG-R1 Annex E',
      approvedOn: '2025-05-30',
    };
    expect(parseRequest('membership.groups.register', { ...fields, tor })).toEqual({
      ...fields,
      tor,
      concurrenceRequired: true,
    });
  });

  it('rejects a wrong type with the field and the reason', () => {
    expect(() => parseRequest('membership.groups.get', { groupId: 42 })).toThrow(
      /Invalid message "membership.groups.get": request.groupId: Invalid input: expected string, received number/,
    );
  });

  it('rejects a missing field', () => {
    expect(() => parseRequest('membership.groups.get', {})).toThrow(
      /request.groupId: .*expected string, received undefined/,
    );
  });

  it('rejects unknown fields', () => {
    expect(() => parseRequest('membership.groups.list', { extra: 1 })).toThrow(/Unrecognized key: "extra"/);
  });

  it('rejects an unknown command', () => {
    const attempt = () => parseRequest('membership.groups.delete-all', {});
    expect(attempt).toThrow(ContractViolation);
    expect(attempt).toThrow(/unknown command/);
  });

  it('checks responses too', () => {
    expect(() => parseResponse('membership.groups.get', { ...group, status: 'sleeping' })).toThrow(/response.status/);
  });
});

describe('parseEvent', () => {
  it('accepts a valid envelope', () => {
    expect(parseEvent(envelope()).data).toEqual(group);
  });

  it('rejects an unknown event type', () => {
    expect(() => parseEvent(envelope({ type: 'group.vanished' }))).toThrow(/"group.vanished": unknown event type/);
  });

  it('rejects invalid data with its path', () => {
    expect(() => parseEvent(envelope({ data: { ...group, studyGroups: ['SG-17'] } }))).toThrow(
      /data.studyGroups.0: a study group is written like "SG17"/,
    );
  });

  it('rejects a broken envelope', () => {
    expect(() => parseEvent(envelope({ id: 'not-a-uuid' }))).toThrow(/envelope.id/);
    expect(() => parseEvent('nonsense')).toThrow(/"\(no type\)"/);
  });
});
