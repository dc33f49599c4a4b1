import type { LookupAddress } from 'node:dns';
import { pinnedLookup } from './pinned-lookup.js';

describe('pinnedLookup', () => {
  const lookup = pinnedLookup('203.0.113.7', 4);

  it('answers a single-address query with the pinned address, whatever the name', async () => {
    const answer = await new Promise<[string | LookupAddress[], number | undefined]>((resolve, reject) =>
      lookup('hooks.example.com', { family: 0 }, (error, address, family) =>
        error ? reject(error) : resolve([address, family]),
      ),
    );
    expect(answer).toEqual(['203.0.113.7', 4]);
  });

  it('answers an all-addresses query (autoSelectFamily) with only the pinned address', async () => {
    const answer = await new Promise<string | LookupAddress[]>((resolve, reject) =>
      lookup('other.example.com', { all: true }, (error, address) => (error ? reject(error) : resolve(address))),
    );
    expect(answer).toEqual([{ address: '203.0.113.7', family: 4 }]);
  });
});
