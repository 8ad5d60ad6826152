/**
 * Set-up of every UI test file: the jest-dom matchers (toHaveAccessibleName, toHaveFocus, …), and
 * after each test an unmount (Testing Library does it by itself only when Vitest runs with
 * globals) and real timers again. Files share a jsdom (`isolate: false`), so nothing may leak.
 */
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});
