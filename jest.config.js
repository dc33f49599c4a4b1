// One transform for TypeScript and for the ESM-only @nestjs packages (see README, "Stack").
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|mj|j)s$': swc },
  // openapi-typescript's CommonJS build requires ESM-only packages (tools/openapi).
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|cookie|uuid|content-disposition|openapi-typescript|parse-json|index-to-position|supports-color|change-case|marked)/)',
  ],
  moduleNameMapper: {
    '^@jcg/(contracts|messaging|persistence|platform|testing|group-directory)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,test}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools,test}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-setup.ts'],
    },
    {
      // The authorization matrix: every route, every role and credential (`npm run test:access`, several minutes).
      ...shared,
      displayName: 'access',
      testMatch: ['<rootDir>/test/access/**/*.access-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-setup.ts'],
    },
    {
      // Property-based fuzzing of every write route and the inbound webhook (`npm run test:fuzz`, about 2.5 min).
      ...shared,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/test/fuzz/**/*.fuzz-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-setup.ts'],
    },
    {
      // Fault drills: services as OS processes, killed with SIGKILL (`npm run test:drills`).
      ...shared,
      displayName: 'drills',
      testMatch: ['<rootDir>/test/drills/**/*.drill-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/drill-setup.ts'],
    },
    {
      // The web console in Debian's Chromium, against every service as a process (`npm run test:browser`).
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/browser-setup.ts'],
    },
  ],
};
