import { defineConfig } from 'vitest/config';

// Journeys start the real server and a headless Chromium: run them one at a time, with room to
// spare for a fresh embedded database (3–9 s) and a cold browser.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['**/*.spec.ts'],
    exclude: ['**/node_modules/**'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
