// Lint that catches real bugs (floating promises, non-exhaustive switches, any) and the module
// boundaries of the monorepo: apps never import each other, libraries never import apps.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * The Nx module boundaries; an app's unit tests may also use the testing library.
 * @param {string[]} appExtra
 */
const boundaries = (appExtra = []) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
      { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:data'] },
      { sourceTag: 'type:messaging', onlyDependOnLibsWithTags: ['type:contracts', 'type:data'] },
      { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:data', 'type:messaging'] },
      { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:data', 'type:messaging'] },
      {
        sourceTag: 'type:testing',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:data', 'type:messaging', 'type:platform'],
      },
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: [
          'type:contracts',
          'type:data',
          'type:messaging',
          'type:platform',
          'type:domain',
          ...appExtra,
        ],
      },
      {
        sourceTag: 'type:tool',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:data', 'type:messaging', 'type:platform'],
      },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.nx/**',
      'jest.config.js',
      'test/support/summary-reporter.js',
      // Generated from the API's OpenAPI document (npm run console:client).
      'apps/console/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.mjs'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(),
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },
  {
    // Tests may poke at untyped JSON and mock freely; the bug-catching rules stay on.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['apps/**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['type:testing']) },
  },
  {
    // The README's picture of a report's first page is drawn by the reporting app's renderer.
    files: ['tools/report-preview/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // The OpenAPI document and the console's client generated from it are the api app's.
    files: ['tools/openapi/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // The end-to-end tier boots the apps in this process (several replicas, a clock of its own):
    // it is the one place allowed to import apps. Everything else keeps the rule.
    files: ['test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
);
