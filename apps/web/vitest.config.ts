import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'web',
    // The web app's logic (API session, errors, formats, layering) runs in Node; screen tests
    // (`*.test.tsx`) render in jsdom against the real server, and ask for it in their first line.
    // Whole journeys run in real Chromium (e2e/).
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Starting the real server takes a few seconds on a fresh embedded database.
    hookTimeout: 60_000,
    // A screen test waits for jobs the server really runs (a batch prints PDFs in Chromium).
    testTimeout: 60_000,
  },
});
