export * from './clock.js';
export * from './data-source.js';
export * from './persistence.module.js';
export * from './cursor.js';
export * from './unique-violation.js';
