import { ConfigurationError, loadConfig, redactUrl } from './service-config.js';

describe('loadConfig', () => {
  it('defaults to Postgres and Redis on localhost and the service port', () => {
    const config = loadConfig('membership', { INSTANCE_ID: 'm-1' });
    expect(config).toEqual({
      service: 'membership',
      instance: 'm-1',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/jcg',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'jcg',
      port: 3003,
      host: '0.0.0.0',
      requestTimeoutMs: 5000,
      requestGraceMs: 10_000,
      databasePoolSize: 10,
      outboxPollMs: 200,
      relayWakeOnCommit: true,
      logLevel: 'info',
    });
    expect(loadConfig('api', {}).port).toBe(3000);
  });

  it('reads the environment', () => {
    const config = loadConfig('api', {
      PORT: '8080',
      QUEUE_PREFIX: 'staging',
      REQUEST_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'debug',
      RELAY_WAKE_ON_COMMIT: '0',
    });
    expect(config).toMatchObject({
      port: 8080,
      queuePrefix: 'staging',
      requestTimeoutMs: 2000,
      logLevel: 'debug',
      relayWakeOnCommit: false,
    });
  });

  it('stops with every bad setting named', () => {
    const attempt = () => loadConfig('api', { DATABASE_URL: 'mysql://x', PORT: 'eighty', QUEUE_PREFIX: 'a:b' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(
      'Invalid configuration of api: DATABASE_URL: must be a URL starting with postgres:// or postgresql://; QUEUE_PREFIX: letters, digits, "-" and "_" only; PORT: Invalid input: expected number, received NaN',
    );
  });
});

describe('redactUrl', () => {
  it('hides the password', () => {
    expect(redactUrl('postgres://app:secret@db:5432/jcg')).toBe('postgres://app:***@db:5432/jcg');
    expect(redactUrl('not a url')).toBe('(invalid URL)');
  });
});
