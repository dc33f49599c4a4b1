export * from './services.js';
export * from './contract.js';
export * from './envelope.js';
export * from './catalogue.js';
export * from './validation.js';
export * from './membership/group.schema.js';
export * from './membership/membership.contracts.js';
export * from './system/readiness.contracts.js';
