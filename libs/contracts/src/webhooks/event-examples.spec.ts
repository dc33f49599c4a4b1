import { EVENTS } from '../catalogue.js';
import { instantSchema } from '../common.schema.js';
import { EVENT_EXAMPLE_TIMESTAMPS, EVENT_EXAMPLES } from './event-examples.js';

describe('the webhook event examples', () => {
  const types = [...EVENTS.keys()].sort();

  it('give an example for every event type of the catalogue, and for no other', () => {
    expect(Object.keys(EVENT_EXAMPLES).sort()).toEqual(types);
    expect(Object.keys(EVENT_EXAMPLE_TIMESTAMPS).sort()).toEqual(types);
  });

  it.each(types)('%s: the example is valid, as its schema outputs it', (type) => {
    const example = EVENT_EXAMPLES[type as keyof typeof EVENT_EXAMPLES];
    // Valid, and already in the output view (defaults applied, text trimmed): what a webhook delivers.
    expect(EVENTS.get(type)!.data.parse(example)).toEqual(example);
  });

  it.each(types)('%s: the example occurred at an instant', (type) => {
    expect(
      instantSchema.safeParse(EVENT_EXAMPLE_TIMESTAMPS[type as keyof typeof EVENT_EXAMPLE_TIMESTAMPS]).success,
    ).toBe(true);
  });
});
