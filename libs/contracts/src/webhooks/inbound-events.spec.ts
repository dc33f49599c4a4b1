import { INBOUND_EVENTS, INBOUND_EVENT_TYPES, inboundAggregateOf, inboundEventCatalogue } from './inbound-events.js';

describe('the inbound events TSB may send', () => {
  it('has a valid example of each type, and names what each is about', () => {
    for (const type of INBOUND_EVENT_TYPES) {
      const data = INBOUND_EVENTS[type].data.parse(INBOUND_EVENTS[type].example);
      expect(inboundAggregateOf(type, data)).toMatch(/^[a-z-]+:\S+$/);
    }
  });

  it('puts the moves and the cancellation of a body meeting on the same thing as its scheduling', () => {
    const about = (type: 'body-meeting.scheduled' | 'body-meeting.moved' | 'body-meeting.cancelled') =>
      inboundAggregateOf(type, INBOUND_EVENTS[type].data.parse(INBOUND_EVENTS[type].example));
    expect(
      new Set([about('body-meeting.scheduled'), about('body-meeting.moved'), about('body-meeting.cancelled')]).size,
    ).toBe(1);
  });

  it('lists each type with the JSON Schema of its data and an example body', () => {
    const catalogue = inboundEventCatalogue();
    expect(catalogue.map((e) => e.type)).toEqual(INBOUND_EVENT_TYPES);
    for (const entry of catalogue) {
      expect(entry.schema).toMatchObject({ type: 'object' });
      expect(entry.example.type).toBe(entry.type);
    }
  });
});
