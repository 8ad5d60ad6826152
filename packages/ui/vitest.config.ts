import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'ui',
    // Components render into a DOM; the few pure tests (tokens, CSS conventions) ask for node.
    environment: 'jsdom',
    // One jsdom per worker instead of one per file: 3 s instead of 25 s on two cores. Safe because
    // the components keep no module state and setup.ts unmounts everything after each test.
    isolate: false,
    setupFiles: ['./src/test-support/setup.ts'],
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'gallery/**/*.test.tsx'],
  },
});
