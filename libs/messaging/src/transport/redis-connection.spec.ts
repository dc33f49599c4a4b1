import { producerRedisOptions, redisOptionsFromUrl } from './redis-connection.js';

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials and database', () => {
    expect(redisOptionsFromUrl('redis://user:p%40ss@cache.internal:6380/2')).toMatchObject({
      host: 'cache.internal',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
      tls: undefined,
      maxRetriesPerRequest: null,
    });
  });

  it('defaults the port and database, and turns on TLS for rediss://', () => {
    expect(redisOptionsFromUrl('rediss://cache')).toMatchObject({ host: 'cache', port: 6379, db: 0, tls: {} });
  });

  it('refuses other schemes and bad database numbers', () => {
    expect(() => redisOptionsFromUrl('http://cache')).toThrow('REDIS_URL must start with redis:// or rediss://');
    expect(() => redisOptionsFromUrl('redis://cache/x')).toThrow('Invalid Redis database number');
  });
});

describe('producerRedisOptions', () => {
  it('fails fast while Redis is away: no offline queue, one retry, a command timeout', () => {
    const options = producerRedisOptions(redisOptionsFromUrl('redis://cache:6380'));
    expect(options).toMatchObject({
      host: 'cache',
      port: 6380,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: 5000,
    });
  });
});
