import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['apps/server', 'packages/ui', 'apps/web'],
    coverage: {
      provider: 'v8',
      include: ['apps/server/src/**/*.ts'],
      exclude: [
        '**/*.test.ts',
        'apps/server/src/main.ts',
        'apps/server/src/test-support/**',
        'apps/server/src/**/test-support/**',
        'apps/server/src/db/migrations/**',
      ],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 85, functions: 85, branches: 85, statements: 85 },
    },
  },
});
