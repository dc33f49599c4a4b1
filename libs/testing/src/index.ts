export * from './test-environment.js';
export * from './fixtures.js';
