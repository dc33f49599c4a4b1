export * from './bootstrap.js';
export * from './config/service-config.js';
export * from './logging/json-logger.js';
export * from './http/problem-details.filter.js';
export * from './http/correlation.js';
export * from './health/readiness.js';
export * from './platform.module.js';
