import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'web',
    // The web app's logic (API session, errors, formats, layering); screens are tested in real
    // Chromium by the e2e journeys.
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Starting the real server takes a few seconds on a fresh embedded database.
    hookTimeout: 60_000,
  },
});
