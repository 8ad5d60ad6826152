// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { moduleIndexExports } from './eslint-rules/module-index-exports.js';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      'data/**',
      'packages/api-client/src/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through apps/server/src/config.ts.',
        },
      ],
    },
  },
  {
    // Configuration, process wiring, tests, scripts and benchmarks may read the environment.
    files: [
      'apps/server/src/config.ts',
      '**/*.test.ts',
      '**/*.test.tsx',
      '**/test-support/**',
      '**/scripts/**',
      'bench/**',
      'e2e/**',
      '**/vite.config.ts',
      '**/vitest.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tooling indexes arrays it has just built; app code handles the undefined case instead.
    files: [
      '**/*.test.ts',
      '**/*.test.tsx',
      '**/test-support/**',
      '**/scripts/**',
      'bench/**',
      'e2e/**',
    ],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}', 'packages/ui/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Server modules (STYLE.md, Server): a module reaches another only through its index.ts.
    files: ['apps/server/src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': import.meta.dirname,
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      'boundaries/elements': [
        { type: 'server-module', pattern: 'apps/server/src/modules/*', capture: ['module'] },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              to: { element: { type: 'server-module' } },
              disallow: { to: { element: { fileInternalPath: '!index.ts' } } },
              message: 'Import another module through its index.ts only.',
            },
          ],
        },
      ],
    },
  },
  {
    // ... and a module's index.ts hands out no repository write.
    files: ['apps/server/src/modules/*/index.ts'],
    plugins: { monassurance: { rules: { 'module-index-exports': moduleIndexExports } } },
    rules: { 'monassurance/module-index-exports': 'error' },
  },
  prettier,
);
