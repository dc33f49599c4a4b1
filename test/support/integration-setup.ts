// Integration tests boot real services against Postgres and Redis: seconds, not milliseconds.
jest.setTimeout(120_000);
