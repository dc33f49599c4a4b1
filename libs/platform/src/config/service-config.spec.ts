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
      rateLimits: {
        apiKey: { points: 10_000, durationSeconds: 60 },
        session: { points: 3000, durationSeconds: 60 },
        signIn: { points: 300, durationSeconds: 600 },
        inboundWebhook: { points: 1200, durationSeconds: 60 },
        failedAuth: { points: 300, durationSeconds: 600 },
      },
      trustedProxyHops: 0,
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

  it('reads rate limits as a count per duration in seconds, minutes or hours', () => {
    const config = loadConfig('api', {
      RATE_LIMIT_API_KEY: '50/30s',
      RATE_LIMIT_SESSION: '7/2m',
      RATE_LIMIT_SIGN_IN: '3/1h',
      RATE_LIMIT_INBOUND_WEBHOOK: '1/1s',
      RATE_LIMIT_FAILED_AUTH: '20/10m',
      TRUSTED_PROXY_HOPS: '1',
    });
    expect(config.rateLimits).toEqual({
      apiKey: { points: 50, durationSeconds: 30 },
      session: { points: 7, durationSeconds: 120 },
      signIn: { points: 3, durationSeconds: 3600 },
      inboundWebhook: { points: 1, durationSeconds: 1 },
      failedAuth: { points: 20, durationSeconds: 600 },
    });
    expect(config.trustedProxyHops).toBe(1);
  });

  it.each(['100', '100/m', '0/1m', '100/0s', '100/25h', '-1/1m', '10 per minute', '1e3/1m'])(
    'refuses the rate limit %j',
    (value) => {
      expect(() => loadConfig('api', { RATE_LIMIT_SIGN_IN: value })).toThrow(
        /^Invalid configuration of api: RATE_LIMIT_SIGN_IN: /,
      );
    },
  );

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
