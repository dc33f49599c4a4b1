import { describeStartupError } from './bootstrap.js';

describe('describeStartupError', () => {
  it('turns a refused connection into the fix', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(describeStartupError(refused)).toBe(
      'a connection was refused (connect ECONNREFUSED 127.0.0.1:5432). Start Postgres and Redis, or run `docker compose up -d postgres redis`.',
    );
  });

  it('passes other messages through', () => {
    expect(describeStartupError(new Error('Invalid configuration of api: PORT: bad'))).toBe(
      'Invalid configuration of api: PORT: bad',
    );
  });
});
