export * from './test-environment.js';
export * from './fixtures.js';
export * from './drill.js';
export * from './tcp-proxy.js';
export * from './docx.js';
export * from './webhook-receiver.js';
export * from './queries-answered.js';
